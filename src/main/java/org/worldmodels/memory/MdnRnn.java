// SPDX-License-Identifier: MIT
// The memory model M: an LSTM over [z_t, a_t] and a mixture density head predicting z_{t+1}
// (5 Gaussians per latent dim), with its training loss and gradients, and a step for rollouts and dreams.
package org.worldmodels.memory;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.worldmodels.nn.Dense;
import org.worldmodels.nn.Lstm;
import org.worldmodels.nn.MixtureNll;
import org.worldmodels.tensor.ParamSet;

/**
 * MDN-RNN (paper section 2.2): {@code LSTM(35 -> 256)} then {@code Dense(256 -> 480)}, 423,392
 * parameters named and ordered as PyTorch's {@code MDNRNN} ({@code lstm.weight_ih_l0},
 * {@code lstm.weight_hh_l0}, {@code lstm.bias_ih_l0}, {@code lstm.bias_hh_l0}, {@code head.weight},
 * {@code head.bias}). Sequences are time-major (T, B, .) like torch.nn.LSTM's default.
 */
public final class MdnRnn {
    public static final int Z = 32, A = 3, IN = Z + A, H = 256, K = 5, OUT = Z * 3 * K;

    public final ParamSet params;
    public final Lstm lstm;
    public final Dense head;
    public final MixtureNll mixture = new MixtureNll(Z, K);

    public MdnRnn() {
        ParamSet.Builder b = ParamSet.builder();
        this.lstm = new Lstm(b, "lstm", IN, H);
        this.head = new Dense(b, "head", H, OUT);
        this.params = b.build();
    }

    /**
     * PyTorch's default initialisation from a seeded generator: LSTM U(-1/sqrt(H), 1/sqrt(H)); the
     * head as nn.Linear (Kaiming-uniform with a = sqrt(5), i.e. U(-1/sqrt(fanIn), 1/sqrt(fanIn)) for
     * weight and bias).
     */
    public void initDefault(RandomGenerator rng) {
        lstm.initDefault(rng);
        float bound = (float) (1.0 / Math.sqrt(H));
        for (ParamSet.Param p : new ParamSet.Param[] {head.weight, head.bias}) {
            for (int i = 0; i < p.size(); i++) params.data[p.offset() + i] = (float) rng.nextDouble(-bound, bound);
        }
    }

    /** Training buffers for sequences of at most maxT steps and maxBatch episodes. */
    public final class Workspace {
        public final int maxT, maxBatch;
        final Lstm.Workspace lstmWs;
        /** (T, B, 480) head output of the last forward. */
        public final float[] out;
        final float[] dOut, dH;
        /** (T*B*32) the nll of each row and dim, summed in order after the parallel loss pass. */
        final double[] nll;
        int T, batch;

        Workspace(int maxT, int maxBatch) {
            this.maxT = maxT;
            this.maxBatch = maxBatch;
            this.lstmWs = lstm.newWorkspace(maxT, maxBatch);
            int rows = maxT * maxBatch;
            this.out = new float[Math.multiplyExact(rows, OUT)];
            this.dOut = new float[rows * OUT];
            this.dH = new float[rows * H];
            this.nll = new double[rows * Z];
        }

        /** (T, B, 256) hidden states of the last forward. */
        public float[] hidden() { return lstmWs.h; }
    }

    public Workspace newWorkspace(int maxT, int maxBatch) { return new Workspace(maxT, maxBatch); }

    // x (T, B, 35) = [z_t, a_t] -> ws.out (T, B, 480); h and c start at zero
    public void forward(Workspace ws, int T, int batch, float[] x) {
        requireShape("inputs [z, a]", x, T, batch, IN);
        lstm.forward(ws.lstmWs, T, batch, x, null, null, null, null);
        head.forward(T * batch, ws.lstmWs.h, 0, ws.out, 0);
        ws.T = T;
        ws.batch = batch;
    }

    // after forward: target (T, B, 32) = z_{t+1}, mask (T, B) of 0/1 or null -> mean nll
    public double loss(Workspace ws, float[] target, float[] mask) {
        requireShape("targets z_{t+1}", target, ws.T, ws.batch, Z);
        if (mask != null) requireShape("mask", mask, ws.T, ws.batch, 1);
        return mixture.forward(ws.T * ws.batch, ws.out, target, mask);
    }

    /**
     * One training evaluation: forward, loss, and back-propagation through the whole sequence.
     * Gradients ACCUMULATE into {@code params.grad} (zero it first). Returns the mean nll.
     */
    // x (T, B, 35), target (T, B, 32), mask (T, B) or null -> loss; params.grad +=
    public double forwardBackward(Workspace ws, int T, int batch, float[] x, float[] target, float[] mask) {
        forward(ws, T, batch, x);
        requireShape("targets z_{t+1}", target, T, batch, Z);
        if (mask != null) requireShape("mask", mask, T, batch, 1);
        int rows = T * batch;
        Arrays.fill(ws.dOut, 0, rows * OUT, 0f);
        Arrays.fill(ws.dH, 0, rows * H, 0f);
        // The loss and its gradient in one pass (the same numbers as loss() then mixture.backward).
        double loss = mixture.forwardBackward(rows, ws.out, target, mask, 1.0, ws.dOut, ws.nll);
        head.backward(rows, ws.lstmWs.h, 0, ws.dOut, 0, ws.dH, 0);
        lstm.backward(ws.lstmWs, x, ws.dH, null, null, null);
        return loss;
    }

    /** Scratch for {@link #step}: the concatenated input and the gates, for at most maxBatch agents. */
    public static final class StepScratch {
        final int maxBatch;
        final float[] x, gates;

        public StepScratch(int maxBatch) {
            this.maxBatch = maxBatch;
            this.x = new float[maxBatch * IN];
            this.gates = new float[maxBatch * 4 * H];
        }
    }

    /**
     * One step for B independent agents, no allocation: (h, c) <- LSTM([z, a], (h, c)) in place; if
     * {@code mixtureOut} is non-null it receives the head output (B, 480), the mixture predicting the
     * next z (see {@link #sampleNext}).
     */
    // z (B, 32), a (B, 3), h, c (B, 256) -> h, c (B, 256); mixtureOut (B, 480) or null
    public void step(StepScratch s, int batch, float[] z, float[] a, float[] h, float[] c, float[] mixtureOut) {
        if (batch > s.maxBatch) throw new IllegalArgumentException("step batch " + batch + " exceeds the scratch's " + s.maxBatch);
        requireAtLeast("z", z, batch, Z);
        requireAtLeast("a", a, batch, A);
        requireAtLeast("h", h, batch, H);
        requireAtLeast("c", c, batch, H);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(z, b * Z, s.x, b * IN, Z);
            System.arraycopy(a, b * A, s.x, b * IN + Z, A);
        }
        lstm.step(batch, s.x, h, c, s.gates);
        if (mixtureOut != null) {
            requireAtLeast("mixtureOut", mixtureOut, batch, OUT);
            head.forward(batch, h, 0, mixtureOut, 0);
        }
    }

    /** Samples z_{t+1} (B, 32) from the head output with temperature tau (logits / tau, sigma * sqrt(tau)). */
    // mixtureOut (B, 480) -> z (B, 32)
    public void sampleNext(int batch, float[] mixtureOut, double tau, RandomGenerator rng, float[] z) {
        mixture.sample(batch, mixtureOut, tau, rng, z);
    }

    private static void requireShape(String name, float[] a, int T, int batch, int width) {
        long want = (long) T * batch * width;
        if (a.length != want) {
            String shape = width == 1 ? "(" + T + "," + batch + ")" : "(" + T + "," + batch + "," + width + ")";
            String got = a.length % ((long) T * batch) == 0 && width != 1
                    ? " = (" + T + "," + batch + "," + a.length / ((long) T * batch) + ")" : "";
            throw new IllegalArgumentException(name + " has " + a.length + " floats" + got + ", expected " + shape + " = " + want);
        }
    }

    private static void requireAtLeast(String name, float[] a, int batch, int width) {
        if (a.length < (long) batch * width) {
            throw new IllegalArgumentException(name + " has " + a.length + " floats, expected at least (" + batch + "," + width + ")");
        }
    }
}
