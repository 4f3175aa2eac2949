// SPDX-License-Identifier: MIT
package org.jbox2d.collision.broadphase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Our pair sort gives the (proxyIdA, proxyIdB) sequence of the jar's Arrays.sort, and allocates nothing. */
class BroadPhaseSortTest {

    private static Pair[] randomPairs(SplittableRandom random, int count, int ids) {
        Pair[] pairs = new Pair[count + 5];   // longer than count: the tail must stay untouched
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = new Pair();
            int a = random.nextInt(ids), b = random.nextInt(ids);   // duplicates are common, as in the broad-phase
            pairs[i].proxyIdA = Math.min(a, b);
            pairs[i].proxyIdB = Math.max(a, b);
        }
        return pairs;
    }

    private static long[] ids(Pair[] pairs) {
        long[] out = new long[pairs.length];
        for (int i = 0; i < pairs.length; i++) out[i] = ((long) pairs[i].proxyIdA << 32) | pairs[i].proxyIdB;
        return out;
    }

    @Test
    void sameOrderAsArraysSort() {
        SplittableRandom random = new SplittableRandom(5);
        for (int count : new int[] {0, 1, 2, 3, 23, 24, 25, 31, 32, 33, 64, 100, 257, 1000, 5000}) {
            for (int trial = 0; trial < 20; trial++) {
                Pair[] ours = randomPairs(random, count, 1 + count / 3);
                Pair[] expected = ours.clone();
                Arrays.sort(expected, 0, count);          // what the jar's updatePairs does
                BroadPhase.sortPairs(ours, count);
                assertArrayEquals(ids(expected), ids(ours), "count " + count);
            }
        }
    }

    @Test
    void sortDoesNotAllocate() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(6);
        Pair[][] inputs = new Pair[64][];
        for (int i = 0; i < inputs.length; i++) inputs[i] = randomPairs(random, 10 + i * 7, 40);
        long bytes = 0;
        for (int round = 0; round < 200; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (Pair[] pairs : inputs) {
                BroadPhase.sortPairs(pairs, pairs.length - 5);
                reverse(pairs);   // unsorted again for the next round
            }
            if (round >= 100) bytes += threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, bytes, "bytes allocated by 6,400 sorts of 10..451 pairs");
    }

    /** Reverses a in place. */
    private static void reverse(Pair[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            Pair t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
