// SPDX-License-Identifier: MIT
// Trains V: epochs over a set of frames in shuffled minibatches, each step one ConvVae.trainStep with
// eps ~ N(0, I) from a seeded generator (paper: batch 100, 10 epochs, Adam lr 1e-4).
package org.worldmodels.vision;

import org.worldmodels.nn.Adam;
import org.worldmodels.nn.VaeLoss;

import java.util.SplittableRandom;

/** Minibatch training of a {@link ConvVae}; deterministic for a given seed and frame order. */
public final class VaeTrainer {
    /** The frames to learn from, each written as a (3,64,64) float image in [0, 1]. */
    public interface Frames {
        int count();

        /** Writes frame {@code index} into {@code dst[dstOff, dstOff + ConvVae.PIXELS)}. */
        void copyTo(int index, float[] dst, int dstOff);
    }

    /** Called after every step with the step number (from 1 over the trainer's life) and the batch's loss. */
    @FunctionalInterface
    public interface StepListener {
        void onStep(long step, VaeLoss.Parts parts);
    }

    /** Frame-weighted means of the loss parts over one epoch. */
    public record EpochResult(int epoch, int steps, double reconstruction, double kl, double klClipped, double total) {}

    private final ConvVae vae;
    private final Adam adam;
    private final int batchSize;
    private final SplittableRandom shuffleRng, epsRng;
    private final float[] x, eps;
    private int[] order = new int[0];
    private int epochsDone;
    private long steps;

    /** Uses two generators split from {@code seed}: one shuffles the frames, one draws eps. */
    public VaeTrainer(ConvVae vae, Adam adam, int batchSize, long seed) {
        if (batchSize <= 0 || batchSize > vae.maxBatch) {
            throw new IllegalArgumentException("batch size " + batchSize + " not in 1.." + vae.maxBatch + " (the VAE's maxBatch)");
        }
        this.vae = vae;
        this.adam = adam;
        this.batchSize = batchSize;
        SplittableRandom root = new SplittableRandom(seed);
        this.shuffleRng = root.split();
        this.epsRng = root.split();
        this.x = new float[batchSize * ConvVae.PIXELS];
        this.eps = new float[batchSize * ConvVae.Z];
    }

    /**
     * One pass over every frame in a fresh random order; the last batch may be smaller (as PyTorch's
     * DataLoader without drop_last). A non-finite loss throws {@link TrainingDivergedException} with the
     * parameters left at the last good step.
     */
    public EpochResult epoch(Frames frames, StepListener listener) {
        int n = frames.count();
        if (n == 0) throw new IllegalArgumentException("no frames to train on");
        shuffle(n);
        double recon = 0, kl = 0, klClipped = 0, total = 0;
        int batches = 0;
        for (int start = 0; start < n; start += batchSize) {
            int b = Math.min(batchSize, n - start);
            for (int i = 0; i < b; i++) frames.copyTo(order[start + i], x, i * ConvVae.PIXELS);
            for (int i = 0; i < b * ConvVae.Z; i++) eps[i] = (float) epsRng.nextGaussian();
            VaeLoss.Parts p = vae.trainStep(b, x, eps, adam);
            steps++;
            batches++;
            recon += p.reconstruction() * b;
            kl += p.kl() * b;
            klClipped += p.klClipped() * b;
            total += p.total() * b;
            if (listener != null) listener.onStep(steps, p);
        }
        epochsDone++;
        return new EpochResult(epochsDone, batches, recon / n, kl / n, klClipped / n, total / n);
    }

    /** Fisher-Yates shuffle of 0..n-1. */
    private void shuffle(int n) {
        if (order.length != n) order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = shuffleRng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    public long steps() { return steps; }
}
