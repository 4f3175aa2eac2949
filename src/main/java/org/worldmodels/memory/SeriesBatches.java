// SPDX-License-Identifier: MIT
// Turns encoded episodes (series) into M's training batches: a held-out split, a shuffled episode
// order per epoch, a window of each episode, and a fresh z = mu + sigma * eps for every batch.
package org.worldmodels.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.worldmodels.data.SeriesFile.Series;
import org.worldmodels.log.Log;
import org.worldmodels.tensor.StreamRandom;

/**
 * Batches are time-major like {@link MdnRnn}: {@code x (T,B,35) = [z_t, a_t]}, {@code target (T,B,32) =
 * z_{t+1}}, {@code mask (T,B)} 1 where the episode still has a transition. An episode of n frames
 * has n-1 transitions; shorter episodes are padded with zeros and masked out (spec section 3).
 *
 * <p>Everything random comes from {@link BatchRandom} addressed by (seed, stream, index), so the
 * batch of step s is a pure function of (seed, s):
 * <ul>
 * <li>held out: the first round(fraction * n) of a permutation of the episodes (stream SPLIT);</li>
 * <li>epoch e visits the training episodes in the order of permutation (ORDER, e), B at a time (the
 *     last batch of an epoch may be smaller);</li>
 * <li>batch s (BATCH, s): first one window start per episode (if it has more than T transitions),
 *     then eps for (B, T+1, 32) frames, b-major, drawn even for padding so counts never vary.</li>
 * </ul>
 * Held-out episodes are whole sequences with eps fixed once (EVAL, j), so their NLL is comparable
 * across evaluations.
 */
public final class SeriesBatches {
    public static final int Z = MdnRnn.Z, A = MdnRnn.A, IN = MdnRnn.IN;

    /** One batch's buffers, sized exactly (MdnRnn checks exact lengths). */
    public static final class Batch {
        public final int steps, size;
        /** (T,B,35), (T,B,32), (T,B). */
        public final float[] x, target, mask;
        /** For baselines (held-out only): VAE mu and logvar of the input frame, logvar of the target frame, (T,B,32). */
        final float[] muIn, logVarIn, logVarTarget;
        /** Unmasked (t, b) positions. */
        public int timesteps;

        Batch(int steps, int size, boolean withBaselines) {
            this.steps = steps;
            this.size = size;
            int rows = steps * size;
            this.x = new float[rows * IN];
            this.target = new float[rows * Z];
            this.mask = new float[rows];
            this.muIn = withBaselines ? new float[rows * Z] : null;
            this.logVarIn = withBaselines ? new float[rows * Z] : null;
            this.logVarTarget = withBaselines ? new float[rows * Z] : null;
        }
    }

    public final List<Series> train, heldOut;
    public final int batchSize, seqLen;
    private final long seed;
    private final Batch full, last;
    private final List<Batch> heldOutBatches = new ArrayList<>();
    private final float[] eps;
    private final int[] starts;
    private int[] order;
    private long orderEpoch = -1;

    /**
     * @param maxSeqLen window length T in transitions (999 for whole 1000-frame episodes); it is cut
     *                  to the longest training episode so short data is not padded to 999
     */
    public SeriesBatches(List<Series> all, int batchSize, int maxSeqLen, double heldOutFraction, long seed) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (maxSeqLen < 1) throw new IllegalArgumentException("sequence length must be >= 1, got " + maxSeqLen);
        if (!(heldOutFraction >= 0 && heldOutFraction < 1)) throw new IllegalArgumentException("held-out fraction must be in [0, 1), got " + heldOutFraction);
        List<Series> usable = new ArrayList<>();
        for (Series s : all) {
            if (s.length() >= 2) usable.add(s);
            else Log.warn("series " + s.name() + " has " + s.length() + " frame: no transition to learn from, skipped");
        }
        if (usable.isEmpty()) throw new IllegalArgumentException("no series with at least 2 frames (one transition) among " + all.size());
        this.seed = seed;
        int n = usable.size();
        int nHeld = heldOutFraction == 0 || n < 2 ? 0 : (int) Math.max(1, Math.min(n - 1, Math.round(heldOutFraction * n)));
        int[] perm = BatchRandom.of(seed, BatchRandom.SPLIT, 0).permutation(n);
        boolean[] held = new boolean[n];
        for (int i = 0; i < nHeld; i++) held[perm[i]] = true;
        List<Series> tr = new ArrayList<>(), ho = new ArrayList<>();
        for (int i = 0; i < n; i++) (held[i] ? ho : tr).add(usable.get(i));
        this.train = List.copyOf(tr);
        this.heldOut = List.copyOf(ho);
        int longest = 0;
        for (Series s : train) longest = Math.max(longest, s.length() - 1);
        this.seqLen = Math.min(maxSeqLen, longest);
        this.batchSize = Math.min(batchSize, train.size());
        this.full = new Batch(seqLen, this.batchSize, false);
        int rest = train.size() % this.batchSize;
        this.last = rest == 0 ? full : new Batch(seqLen, rest, false);
        this.eps = new float[this.batchSize * (seqLen + 1) * Z];
        this.starts = new int[this.batchSize];
        buildHeldOut();
    }

    public int batchesPerEpoch() { return (train.size() + batchSize - 1) / batchSize; }

    /** The largest sequence any batch (training or held-out) has: size M's workspace with it. */
    public int maxSteps() {
        int t = seqLen;
        for (Batch b : heldOutBatches) t = Math.max(t, b.steps);
        return t;
    }

    /** Held-out sequences in batches of at most B, fixed for the whole run. */
    public List<Batch> heldOutBatches() { return heldOutBatches; }

    /** Fills and returns the batch of training step {@code step} (0-based); the buffers are reused. */
    // step -> x (T,B,35), target (T,B,32), mask (T,B); B = batchSize or the epoch's remainder
    public Batch trainBatch(long step) {
        int bpe = batchesPerEpoch();
        long epoch = step / bpe;
        int slot = (int) (step % bpe);
        if (epoch != orderEpoch) {
            order = BatchRandom.of(seed, BatchRandom.ORDER, epoch).permutation(train.size());
            orderEpoch = epoch;
        }
        int from = slot * batchSize, size = Math.min(batchSize, train.size() - from);
        Batch batch = size == batchSize ? full : last;
        StreamRandom rng = BatchRandom.of(seed, BatchRandom.BATCH, step);
        int T = seqLen;
        for (int b = 0; b < size; b++) {
            int transitions = train.get(order[from + b]).length() - 1;
            starts[b] = transitions > T ? rng.nextInt(transitions - T + 1) : 0;
        }
        int n = size * (T + 1) * Z;
        for (int i = 0; i < n; i++) eps[i] = (float) rng.nextGaussian();
        Arrays.fill(batch.mask, 0f);
        Arrays.fill(batch.x, 0f);
        Arrays.fill(batch.target, 0f);
        batch.timesteps = 0;
        for (int b = 0; b < size; b++) fill(batch, b, train.get(order[from + b]), starts[b], eps, b * (T + 1) * Z);
        return batch;
    }

    /**
     * Writes episode s from frame {@code start} into column b: for t < T with frame start+t+1 present,
     * x[t][b] = [z_{start+t}, a_{start+t}], target[t][b] = z_{start+t+1}, mask 1; z from eps at epsOff,
     * (T+1, 32) for frames start..start+T.
     */
    // series frames start..start+T, eps (T+1, 32) -> column b of x (T,B,35), target (T,B,32), mask (T,B)
    private static void fill(Batch batch, int b, Series s, int start, float[] eps, int epsOff) {
        int B = batch.size;
        for (int t = 0; t < batch.steps && start + t + 1 < s.length(); t++) {
            int row = t * B + b, f = start + t;
            for (int d = 0; d < Z; d++) {
                batch.x[row * IN + d] = z(s, f, d, eps[epsOff + t * Z + d]);
                batch.target[row * Z + d] = z(s, f + 1, d, eps[epsOff + (t + 1) * Z + d]);
                if (batch.muIn != null) {
                    batch.muIn[row * Z + d] = s.mu()[f * Z + d];
                    batch.logVarIn[row * Z + d] = s.logVar()[f * Z + d];
                    batch.logVarTarget[row * Z + d] = s.logVar()[(f + 1) * Z + d];
                }
            }
            System.arraycopy(s.action(), f * A, batch.x, row * IN + Z, A);
            batch.mask[row] = 1f;
            batch.timesteps++;
        }
    }

    /** z = mu + exp(logvar / 2) eps, the VAE's reparameterised sample of frame f. */
    private static float z(Series s, int f, int d, float eps) {
        int i = f * Z + d;
        return s.mu()[i] + (float) Math.exp(0.5 * s.logVar()[i]) * eps;
    }

    /** Held-out episode j gets eps from (EVAL, j) for all its frames; batches of B in held-out order, each as long as its longest episode. */
    private void buildHeldOut() {
        for (int from = 0; from < heldOut.size(); from += batchSize) {
            int size = Math.min(batchSize, heldOut.size() - from), T = 0;
            for (int b = 0; b < size; b++) T = Math.max(T, heldOut.get(from + b).length() - 1);
            Batch batch = new Batch(T, size, true);
            for (int b = 0; b < size; b++) {
                Series s = heldOut.get(from + b);
                StreamRandom rng = BatchRandom.of(seed, BatchRandom.EVAL, from + b);
                float[] e = new float[s.length() * Z];
                for (int i = 0; i < e.length; i++) e[i] = (float) rng.nextGaussian();
                fill(batch, b, s, 0, e, 0);
            }
            heldOutBatches.add(batch);
        }
    }
}
