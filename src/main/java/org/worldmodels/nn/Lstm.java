// SPDX-License-Identifier: MIT
// One LSTM layer in PyTorch's layout (gates i, f, g, o; two bias vectors): a sequence forward with a
// cache for back-propagation through time, its backward, and a single-step cell for rollouts.
package org.worldmodels.nn;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.worldmodels.kernel.Gemm;
import org.worldmodels.kernel.Gemv;
import org.worldmodels.kernel.LstmCell;
import org.worldmodels.kernel.Ops;
import org.worldmodels.kernel.Parallel;
import org.worldmodels.tensor.ParamSet;

/**
 * LSTM layer, equations as in {@code torch.nn.LSTM} (one layer, time-major):
 * <pre>
 *   [i, f, g, o] = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh        (4 blocks of H)
 *   c_t = sigmoid(f) * c_{t-1} + sigmoid(i) * tanh(g)
 *   h_t = sigmoid(o) * tanh(c_t)
 * </pre>
 * Parameters (registration order = PyTorch's named_parameters()): {@code weight_ih_l0} (4H, in),
 * {@code weight_hh_l0} (4H, H), {@code bias_ih_l0} (4H), {@code bias_hh_l0} (4H).
 * Backward passes accumulate into the ParamSet's gradient buffer.
 */
public final class Lstm {
    /** step() up to this batch uses dot products (a GEMV) instead of the packed GEMM. */
    private static final int GEMV_MAX_BATCH = 4;
    /** Fewer rows than this per thread cost more to hand over than to compute. */
    private static final int MIN_ROWS_PER_PART = 8;

    public final int in, hidden;
    public final ParamSet.Param weightIh, weightHh, biasIh, biasHh;

    /** Registers {@code prefix.weight_ih_l0}, {@code prefix.weight_hh_l0}, {@code prefix.bias_ih_l0}, {@code prefix.bias_hh_l0}. */
    public Lstm(ParamSet.Builder b, String prefix, int in, int hidden) {
        this.in = in;
        this.hidden = hidden;
        this.weightIh = b.add(prefix + ".weight_ih_l0", 4 * hidden, in);
        this.weightHh = b.add(prefix + ".weight_hh_l0", 4 * hidden, hidden);
        this.biasIh = b.add(prefix + ".bias_ih_l0", 4 * hidden);
        this.biasHh = b.add(prefix + ".bias_hh_l0", 4 * hidden);
    }

    /** PyTorch's default initialisation: every parameter U(-1/sqrt(H), 1/sqrt(H)). */
    public void initDefault(RandomGenerator rng) {
        float bound = (float) (1.0 / Math.sqrt(hidden));
        for (ParamSet.Param p : new ParamSet.Param[] {weightIh, weightHh, biasIh, biasHh}) {
            float[] d = p.data();
            for (int i = 0; i < p.size(); i++) d[p.offset() + i] = (float) rng.nextDouble(-bound, bound);
        }
    }

    /**
     * What the sequence forward keeps for the backward, sized once for at most {@code maxT} steps of
     * {@code maxBatch} sequences. Rows are time-major: row {@code t * B + b}.
     */
    public final class Workspace {
        public final int maxT, maxBatch;
        /** (T, B, 4H) activated gates [sigmoid(i), sigmoid(f), tanh(g), sigmoid(o)]; the backward overwrites them with d(pre-activation). */
        final float[] gates;
        /** (T, B, H) cells c_t and tanh(c_t). */
        final float[] c, tanhC;
        /** (T, B, H) outputs h_t: read them after {@link #forward}. */
        public final float[] h;
        /** (B, H) initial state as given to forward (zero when none). */
        final float[] h0, c0;
        /** (B, H) running gradients w.r.t. h_{t-1} and c_{t-1} during the backward. */
        final float[] dhPrev, dcPrev;
        /** (4H) b_ih + b_hh, summed once per forward for the cell kernel. */
        final float[] biasSum;
        int T, batch;
        boolean hasCache;
        /** The step the parallel element-wise tasks below work on, and the dH of the running backward. */
        int t;
        float[] dH;
        /** Element-wise work of step t split over the batch rows (built once: no allocation per step). */
        final Parallel.Task forwardCell = (part, parts) -> forwardCellRows(this, part, parts);
        final Parallel.Task backwardCell = (part, parts) -> backwardCellRows(this, part, parts);
        final Parallel.Task biasGrad = (part, parts) -> biasGradColumns(this, part, parts);

        Workspace(int maxT, int maxBatch) {
            if (maxT < 1 || maxBatch < 1) throw new IllegalArgumentException("workspace needs maxT, maxBatch >= 1, got " + maxT + ", " + maxBatch);
            this.maxT = maxT;
            this.maxBatch = maxBatch;
            int rows = Math.multiplyExact(maxT, maxBatch);
            this.gates = new float[Math.multiplyExact(rows, 4 * hidden)];
            this.c = new float[rows * hidden];
            this.tanhC = new float[rows * hidden];
            this.h = new float[rows * hidden];
            this.h0 = new float[maxBatch * hidden];
            this.c0 = new float[maxBatch * hidden];
            this.dhPrev = new float[maxBatch * hidden];
            this.dcPrev = new float[maxBatch * hidden];
            this.biasSum = new float[4 * hidden];
        }

        /** Steps and batch size of the last forward. */
        public int steps() { return T; }
        public int batch() { return batch; }
    }

    public Workspace newWorkspace(int maxT, int maxBatch) { return new Workspace(maxT, maxBatch); }

    // x (T, B, in), h0, c0 (B, H) or null for zeros -> ws.h (T, B, H); hN, cN (B, H) last state if non-null
    public void forward(Workspace ws, int T, int batch, float[] x, float[] h0, float[] c0, float[] hN, float[] cN) {
        if (T < 1 || batch < 1 || T > ws.maxT || batch > ws.maxBatch) {
            throw new IllegalArgumentException("sequence (T=" + T + ", B=" + batch + ") does not fit the workspace (T<=" + ws.maxT + ", B<=" + ws.maxBatch + ")");
        }
        requireLength("x", x, T, batch, in);
        int H = hidden, G = 4 * H, bh = batch * H;
        if (h0 != null) { requireLength("h0", h0, 1, batch, H); System.arraycopy(h0, 0, ws.h0, 0, bh); } else Arrays.fill(ws.h0, 0, bh, 0f);
        if (c0 != null) { requireLength("c0", c0, 1, batch, H); System.arraycopy(c0, 0, ws.c0, 0, bh); } else Arrays.fill(ws.c0, 0, bh, 0f);
        ws.T = T;
        ws.batch = batch;
        float[] p = weightIh.data();
        for (int k = 0; k < G; k++) ws.biasSum[k] = p[biasIh.offset() + k] + p[biasHh.offset() + k];
        // Input projection for all steps at once: (T*B, in) x W_ih^T -> (T*B, 4H).
        Gemm.gemm(false, true, T * batch, G, in, x, 0, in, p, weightIh.offset(), in, false, ws.gates, 0, G);
        int parts = rowParts(batch);
        for (int t = 0; t < T; t++) {
            int gOff = t * batch * G;
            float[] hPrev = t == 0 ? ws.h0 : ws.h;
            int hPrevOff = t == 0 ? 0 : (t - 1) * bh;
            // Recurrent part: gates_t += h_{t-1} W_hh^T, (B, H) x (H, 4H).
            Gemm.gemm(false, true, batch, G, H, hPrev, hPrevOff, H, p, weightHh.offset(), H, true, ws.gates, gOff, G);
            // The activations (exp, tanh: the costly part) split over batch rows; each row is computed
            // the same way whichever thread runs it, so the result does not depend on the thread count.
            ws.t = t;
            Parallel.run(parts, ws.forwardCell);
        }
        if (hN != null) System.arraycopy(ws.h, (T - 1) * bh, hN, 0, bh);
        if (cN != null) System.arraycopy(ws.c, (T - 1) * bh, cN, 0, bh);
        ws.hasCache = true;
    }

    /**
     * Back-propagation through time over the last forward. dH (T, B, H) is d(loss)/d(h_t) from the
     * layers above (not including the recurrence). Accumulates the four parameter gradients and, if
     * non-null, dX (T, B, in) and dh0, dc0 (B, H), the gradients w.r.t. the initial state. Consumes
     * the cache (the gates buffer is reused for the gate gradients). Going back in time:
     * <pre>
     *   dh_t  = dH_t + dGates_{t+1} W_hh                      (the recurrence)
     *   dc_t  = f_{t+1} dc_{t+1} + dh_t o_t (1 - tanh^2 c_t)
     *   do = dh_t tanh c_t,  di = dc_t g_t,  dg = dc_t i_t,  df = dc_t c_{t-1}
     * </pre>
     * each then times its activation's derivative to get d(pre-activation).
     */
    // x (T, B, in) as given to forward, dH (T, B, H) -> dX (T, B, in), dh0, dc0 (B, H) +=
    public void backward(Workspace ws, float[] x, float[] dH, float[] dX, float[] dh0, float[] dc0) {
        if (!ws.hasCache) throw new IllegalStateException("backward needs a forward first (each forward allows one backward)");
        ws.hasCache = false;
        int T = ws.T, batch = ws.batch, H = hidden, G = 4 * H, bh = batch * H;
        requireLength("x", x, T, batch, in);
        requireLength("dH", dH, T, batch, H);
        float[] g = ws.gates, dh = ws.dhPrev, dc = ws.dcPrev;
        float[] p = weightIh.data(), grad = weightIh.grad();
        Arrays.fill(dh, 0, bh, 0f);
        Arrays.fill(dc, 0, bh, 0f);
        ws.dH = dH;
        int parts = rowParts(batch);
        for (int t = T - 1; t >= 0; t--) {
            int gOff = t * batch * G;
            ws.t = t;
            Parallel.run(parts, ws.backwardCell);
            // dh_{t-1} = dGates_t W_hh, (B, 4H) x (4H, H).
            Gemm.gemm(false, false, batch, H, G, g, gOff, G, p, weightHh.offset(), H, false, dh, 0, H);
        }
        if (dh0 != null) { requireLength("dh0", dh0, 1, batch, H); for (int r = 0; r < bh; r++) dh0[r] += dh[r]; }
        if (dc0 != null) { requireLength("dc0", dc0, 1, batch, H); for (int r = 0; r < bh; r++) dc0[r] += dc[r]; }
        // Parameter gradients as big GEMMs over all steps: dW_ih += dGates^T X, (4H, T*B) x (T*B, in).
        int rows = T * batch;
        Gemm.gemm(true, false, G, in, rows, g, 0, G, x, 0, in, true, grad, weightIh.offset(), in);
        // dW_hh += sum_t dGates_t^T h_{t-1}: steps 1..T-1 in one GEMM against h_0..h_{T-2}, step 0 against h0.
        if (T > 1) Gemm.gemm(true, false, G, H, (T - 1) * batch, g, batch * G, G, ws.h, 0, H, true, grad, weightHh.offset(), H);
        Gemm.gemm(true, false, G, H, batch, g, 0, G, ws.h0, 0, H, true, grad, weightHh.offset(), H);
        // Both biases receive the same gradient: the sum of dGates over rows (columns split over threads).
        Parallel.run(Math.min(Parallel.available(), 4), ws.biasGrad);
        ws.dH = null;
        if (dX != null) {
            requireLength("dX", dX, T, batch, in);
            Gemm.gemm(false, false, rows, in, G, g, 0, G, p, weightIh.offset(), in, true, dX, 0, in);
        }
    }

    /**
     * One step for a batch of independent sequences (rollouts, agents); updates h and c in place and
     * allocates nothing. {@code gates} is scratch of at least B*4H floats.
     */
    // x (B, in), h, c (B, H) -> h, c (B, H)
    public void step(int batch, float[] x, float[] h, float[] c, float[] gates) {
        int H = hidden, G = 4 * H;
        if (x.length < batch * in || h.length < batch * H || c.length < batch * H || gates.length < batch * G) {
            throw new IllegalArgumentException("step with B=" + batch + " needs x (" + batch + "," + in + "), h and c (" + batch + "," + H
                    + "), gates (" + batch + "," + G + "); got lengths " + x.length + ", " + h.length + ", " + c.length + ", " + gates.length);
        }
        float[] p = weightIh.data();
        if (batch <= GEMV_MAX_BATCH) {
            // A few rows: gates = W_ih x + W_hh h as one GEMV per batch row, straight from the row-major
            // weights, which skips the GEMM's packing of W (1.2 MB per call, far more work than the product at B = 1).
            for (int b = 0; b < batch; b++) {
                Gemv.gemv2(G, p, weightIh.offset(), in, x, b * in, p, weightHh.offset(), H, h, b * H, gates, b * G);
            }
        } else {
            Gemm.gemm(false, true, batch, G, in, x, 0, in, p, weightIh.offset(), in, false, gates, 0, G);
            Gemm.gemm(false, true, batch, G, H, h, 0, H, p, weightHh.offset(), H, true, gates, 0, G);
        }
        stepCell(batch, gates, c, h);
    }

    /**
     * The element-wise part of {@link #step}: biases, activations, new (c, h), in passes over whole
     * gate blocks so that the activations run as SIMD polynomials (Ops.sigmoid / Ops.tanh: the same
     * bits with SIMD on or off, within 1 ulp of the exact values) instead of 5 H scalar Math.exp /
     * Math.tanh calls in double. The gates scratch is overwritten; its f block ends up holding tanh(c_t).
     */
    private void stepCell(int batch, float[] g, float[] c, float[] h) {
        int H = hidden, G = 4 * H;
        float[] p = biasIh.data();
        int bi = biasIh.offset(), bhh = biasHh.offset();
        for (int b = 0; b < batch; b++) {
            int gr = b * G, iOff = gr, fOff = gr + H, gOff = gr + 2 * H, oOff = gr + 3 * H, s = b * H;
            for (int k = 0; k < G; k++) g[gr + k] += p[bi + k] + p[bhh + k];
            Ops.sigmoid(2 * H, g, iOff, g, iOff);                             // i and f are adjacent blocks
            Ops.tanh(H, g, gOff, g, gOff);
            Ops.sigmoid(H, g, oOff, g, oOff);
            for (int j = 0; j < H; j++) c[s + j] = g[fOff + j] * c[s + j] + g[iOff + j] * g[gOff + j];   // c' = f c + i g
            Ops.tanh(H, c, s, g, fOff);                                       // tanh(c') over f, no longer needed
            for (int j = 0; j < H; j++) h[s + j] = g[oOff + j] * g[fOff + j];   // h' = o tanh(c')
        }
    }

    /** Forward cell of step ws.t for this part's batch rows (kernel/LstmCell: the SIMD exp, sigmoid and tanh). */
    private void forwardCellRows(Workspace ws, int part, int parts) {
        int t = ws.t, batch = ws.batch, H = hidden, bh = batch * H;
        int b0 = part * batch / parts, b1 = (part + 1) * batch / parts;
        float[] cPrev = t == 0 ? ws.c0 : ws.c;
        int cPrevOff = t == 0 ? 0 : (t - 1) * bh;
        int gOff = (t * batch + b0) * 4 * H, sOff = t * bh + b0 * H;
        LstmCell.forward(b1 - b0, H, ws.gates, gOff, ws.biasSum, 0, cPrev, cPrevOff + b0 * H, ws.c, sOff, ws.tanhC, sOff, ws.h, sOff);
    }

    /**
     * Backward through the element-wise cell of step ws.t for this part's batch rows: reads the running
     * dh_t (recurrence), dc_t and the activated gates, writes d(pre-activation) over the gates and dc_{t-1}.
     */
    private void backwardCellRows(Workspace ws, int part, int parts) {
        int t = ws.t, batch = ws.batch, H = hidden, bh = batch * H;
        int b0 = part * batch / parts, b1 = (part + 1) * batch / parts;
        float[] cPrev = t == 0 ? ws.c0 : ws.c;
        int cPrevOff = t == 0 ? 0 : (t - 1) * bh;
        int gOff = (t * batch + b0) * 4 * H, sOff = t * bh + b0 * H;
        LstmCell.backward(b1 - b0, H, ws.gates, gOff, ws.tanhC, sOff, cPrev, cPrevOff + b0 * H, ws.dH, sOff, ws.dhPrev, b0 * H, ws.dcPrev, b0 * H);
    }

    /** db_ih = db_hh += sum over all T*B rows of dGates, for this part's columns; row order kept, so every thread count gives the same sums. */
    private void biasGradColumns(Workspace ws, int part, int parts) {
        int G = 4 * hidden, rows = ws.T * ws.batch;
        int j0 = part * G / parts, j1 = (part + 1) * G / parts;
        float[] g = ws.gates, grad = biasIh.grad();
        for (int r = 0; r < rows; r++) {
            Ops.axpy(j1 - j0, 1f, g, r * G + j0, grad, biasIh.offset() + j0);   // 1 * v + acc is exact: same as acc + v
            Ops.axpy(j1 - j0, 1f, g, r * G + j0, grad, biasHh.offset() + j0);
        }
    }

    /** Parts for the element-wise work over B rows: one per thread, at least MIN_ROWS_PER_PART rows each. */
    private static int rowParts(int batch) {
        return Math.max(1, Math.min(Parallel.available(), batch / MIN_ROWS_PER_PART));
    }

    /** Buffers may be longer than needed (sized once for the largest T, B); the exact shapes are checked by the model. */
    private static void requireLength(String name, float[] a, int T, int batch, int width) {
        long want = (long) T * batch * width;
        if (a.length < want) {
            String shape = T == 1 ? "(" + batch + "," + width + ")" : "(" + T + "," + batch + "," + width + ")";
            throw new IllegalArgumentException(name + " has " + a.length + " floats, expected at least " + shape + " = " + want);
        }
    }
}
