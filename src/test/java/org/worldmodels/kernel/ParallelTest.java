// SPDX-License-Identifier: MIT
// The worker pool: every part runs exactly once, nested calls do not deadlock, failures surface.
package org.worldmodels.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @AfterEach
    void restoreThreads() { Parallel.setThreads(Runtime.getRuntime().availableProcessors()); }

    @Test
    void everyPartRunsOnce() {
        for (int threads = 1; threads <= 3; threads++) {
            Parallel.setThreads(threads);
            for (int round = 0; round < 200; round++) {
                int parts = 1 + round % threads;
                AtomicIntegerArray hits = new AtomicIntegerArray(parts);
                Parallel.run(parts, (part, n) -> {
                    assertEquals(parts, n);
                    hits.incrementAndGet(part);
                });
                for (int i = 0; i < parts; i++) assertEquals(1, hits.get(i), "part " + i + " of " + parts);
            }
        }
    }

    @Test
    void nestedCallsRunOnTheCallingThread() {
        Parallel.setThreads(2);
        AtomicInteger inner = new AtomicInteger();
        Parallel.run(2, (part, n) -> {
            assertEquals(1, Parallel.available(), "inside a parallel call nothing more is available");
            Parallel.run(2, (p2, n2) -> inner.incrementAndGet());
        });
        assertEquals(4, inner.get());
    }

    @Test
    void aThreadConfinedToItselfRunsEveryPartInline() throws Exception {
        Parallel.setThreads(2);
        java.util.Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread t = new Thread(() -> {
            Parallel.runKernelsOnCallingThread();
            assertEquals(1, Parallel.available());
            Parallel.run(2, (part, n) -> names.add(Thread.currentThread().getName()));
        }, "confined");
        t.start();
        t.join();
        assertEquals(java.util.Set.of("confined"), names);
        assertEquals(2, Parallel.available(), "other threads are not confined");
    }

    @Test
    void aFailingPartIsRethrownToTheCaller() {
        Parallel.setThreads(2);
        assertThrows(IllegalStateException.class, () -> Parallel.run(2, (part, n) -> {
            if (part == 1) throw new IllegalStateException("part 1 fails");
        }));
        AtomicInteger after = new AtomicInteger();
        Parallel.run(2, (part, n) -> after.incrementAndGet());
        assertEquals(2, after.get(), "the pool still works after a failure");
    }
}
