// SPDX-License-Identifier: MIT
// The MDN-RNN's training pass gives the same numbers bit for bit on 1 and 2 threads (the LSTM cell,
// the mixture loss and the bias gradient split their work over threads), and forwardBackward's loss
// equals loss() exactly.
package org.worldmodels.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.worldmodels.kernel.Parallel;

class MdnRnnThreadsTest {
    // Big enough that every split happens: B >= 16 rows for the cell, T*B >= 128 rows for the mixture.
    private static final int T = 9, B = 24;

    private record Run(double loss, float[] grad, float[] out) {}

    private static Run train(int threads, float[] x, float[] target, float[] mask) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            MdnRnn m = new MdnRnn();
            m.initDefault(new SplittableRandom(7));
            MdnRnn.Workspace ws = m.newWorkspace(T, B);
            m.params.zeroGrad();
            double loss = m.forwardBackward(ws, T, B, x, target, mask);
            return new Run(loss, m.params.grad.clone(), ws.out.clone());
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalLossAndGradients() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = new float[T * B * MdnRnn.IN], target = new float[T * B * MdnRnn.Z], mask = new float[T * B];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        for (int i = 0; i < target.length; i++) target[i] = (float) rng.nextGaussian();
        for (int i = 0; i < mask.length; i++) mask[i] = i % 7 == 3 ? 0f : 1f;
        Run one = train(1, x, target, mask), two = train(2, x, target, mask);
        assertEquals(one.loss(), two.loss(), 0.0, "loss on 1 vs 2 threads");
        assertBitEqual("head output", one.out(), two.out());
        assertBitEqual("parameter gradients", one.grad(), two.grad());
    }

    @Test
    void forwardBackwardLossEqualsLossExactly() {
        SplittableRandom rng = new SplittableRandom(5);
        float[] x = new float[T * B * MdnRnn.IN], target = new float[T * B * MdnRnn.Z];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        for (int i = 0; i < target.length; i++) target[i] = (float) rng.nextGaussian();
        MdnRnn m = new MdnRnn();
        m.initDefault(new SplittableRandom(7));
        MdnRnn.Workspace ws = m.newWorkspace(T, B);
        double trained = m.forwardBackward(ws, T, B, x, target, null);
        m.forward(ws, T, B, x);
        assertEquals(m.loss(ws, target, null), trained, 0.0, "forwardBackward's loss vs loss()");
    }

    private static void assertBitEqual(String what, float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                throw new AssertionError(what + " differ at index " + i + ": 1 thread " + a[i] + ", 2 threads " + b[i]);
            }
        }
    }
}
