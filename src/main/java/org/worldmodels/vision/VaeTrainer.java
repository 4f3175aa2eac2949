// SPDX-License-Identifier: MIT
// Trains V: epochs of shuffled minibatches streamed from the episode files (FrameStream), each step one
// ConvVae.trainStep with eps ~ N(0, I) addressed by (seed, step); checkpoints that resume exactly.
package org.worldmodels.vision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.worldmodels.data.Checkpoint;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;
import org.worldmodels.nn.Adam;
import org.worldmodels.nn.VaeLoss;
import org.worldmodels.tensor.StreamRandom;

/**
 * The batch of step s and its eps depend only on (seed, epoch, s): a run stopped anywhere and resumed
 * from its checkpoint trains on the same batches as an unbroken one (paper: batch 100, Adam lr 1e-4).
 */
public final class VaeTrainer {
    /** One optimiser step: its number (from 1), epoch (from 0), loss parts, batch size and time. */
    public record StepResult(long step, int epoch, VaeLoss.Parts parts, int images, double seconds) {}

    public final ConvVae vae;
    public final Adam adam;
    public final FrameStream stream;
    public final int batchSize;
    public final long seed;
    private final float[] x, eps;
    private final long[] ids;
    private FrameStream.Epoch current;
    private int epoch, stepInEpoch, lastBatch;
    private long step;

    public VaeTrainer(ConvVae vae, Adam adam, FrameStream stream, int batchSize, long seed) {
        if (batchSize <= 0 || batchSize > vae.maxBatch) {
            throw new IllegalArgumentException("batch size " + batchSize + " not in 1.." + vae.maxBatch + " (the VAE's maxBatch)");
        }
        this.vae = vae;
        this.adam = adam;
        this.stream = stream;
        this.batchSize = batchSize;
        this.seed = seed;
        this.x = new float[batchSize * ConvVae.PIXELS];
        this.eps = new float[batchSize * ConvVae.Z];
        this.ids = new long[batchSize];
    }

    /** Epochs completed. */
    public int epoch() { return epoch; }

    /** Optimiser steps taken over the trainer's life. */
    public long step() { return step; }

    /** The frame ids ({@link FrameStream#id}) of the last step's batch: the first {@link #lastBatchSize()} entries. */
    public long[] lastIds() { return ids; }

    public int lastBatchSize() { return lastBatch; }

    /** Episode files opened so far in the current epoch (0 between epochs): the progress within an epoch. */
    public int filesOpenedThisEpoch() { return current == null ? 0 : current.filesOpened(); }

    /**
     * One step on the next batch of the current epoch, or null when the epoch has no frames left (the
     * epoch counter then advances and the next call starts the next epoch). A non-finite loss throws
     * {@link TrainingDivergedException} with the parameters left at the last good step.
     */
    public StepResult trainStep() throws IOException {
        if (current == null) {
            current = stream.epoch(seed, epoch);
            for (int i = 0; i < stepInEpoch; i++) current.nextBatch(batchSize, x, ids);   // resume mid-epoch
        }
        int b = current.nextBatch(batchSize, x, ids);
        lastBatch = b;
        if (b == 0) {
            current = null;
            epoch++;
            stepInEpoch = 0;
            return null;
        }
        long t0 = System.nanoTime();
        epsOf(seed, step, b, eps);
        VaeLoss.Parts p = vae.trainStep(b, x, eps, adam);
        double seconds = (System.nanoTime() - t0) / 1e9;
        step++;
        stepInEpoch++;
        return new StepResult(step, epoch, p, b, seconds);
    }

    /** eps (b,32) ~ N(0, I) of step {@code step} (from 0), from its own generator. */
    public static void epsOf(long seed, long step, int b, float[] eps) {
        StreamRandom r = FrameRandom.of(seed, FrameRandom.EPS, step);
        for (int i = 0; i < b * ConvVae.Z; i++) eps[i] = (float) r.nextGaussian();
    }

    // ---- checkpoints ------------------------------------------------------------------------------

    /** {@code dir/vae.npz -> dir/vae.trainer.npz}. */
    public static Path trainerPath(Path modelFile) {
        String name = modelFile.getFileName().toString();
        return modelFile.resolveSibling(name.substring(0, name.length() - 4) + ".trainer.npz");
    }

    public static boolean hasCheckpoint(Path modelFile) {
        return Files.exists(modelFile) && Files.exists(Checkpoint.optimizerPath(modelFile)) && Files.exists(trainerPath(modelFile));
    }

    /** Parameters, Adam's state and the position in the stream, each file written atomically. */
    public void save(Path modelFile) throws IOException {
        Checkpoint.save(modelFile, vae.params);
        Checkpoint.saveOptimizer(Checkpoint.optimizerPath(modelFile), vae.params, adam.firstMoment(), adam.secondMoment(), adam.stepCount());
        Map<String, NpyArray> s = new LinkedHashMap<>();
        s.put("epoch", NpyArray.scalarOf((long) epoch));
        s.put("step_in_epoch", NpyArray.scalarOf((long) stepInEpoch));
        s.put("step", NpyArray.scalarOf(step));
        s.put("seed", NpyArray.scalarOf(seed));
        s.put("batch", NpyArray.scalarOf((long) batchSize));
        s.put("buffer", NpyArray.scalarOf((long) stream.capacity()));
        s.put("train_files", NpyArray.scalarOf((long) stream.files().size()));
        Npy.writeNpz(trainerPath(modelFile), s, false);
    }

    /**
     * Loads a checkpoint written by {@link #save}; refuses one of another architecture (naming each
     * mismatched array) or of other settings (seed, batch, buffer, number of training files).
     */
    public void resume(Path modelFile) throws IOException {
        Map<String, NpyArray> s = Npy.readNpz(trainerPath(modelFile));
        check(modelFile, s, "seed", seed);
        check(modelFile, s, "batch", batchSize);
        check(modelFile, s, "buffer", stream.capacity());
        check(modelFile, s, "train_files", stream.files().size());
        Checkpoint.load(modelFile, vae.params);
        Checkpoint.OptimizerState o = Checkpoint.loadOptimizer(Checkpoint.optimizerPath(modelFile), vae.params);
        adam.restore(o.firstMoment(), o.secondMoment(), o.step());
        epoch = (int) s.get("epoch").asLongs()[0];
        stepInEpoch = (int) s.get("step_in_epoch").asLongs()[0];
        step = s.get("step").asLongs()[0];
        current = null;
    }

    private static void check(Path file, Map<String, NpyArray> s, String key, long expected) throws IOException {
        NpyArray a = s.get(key);
        if (a == null) throw new IOException(trainerPath(file) + ": missing '" + key + "'");
        long v = a.asLongs()[0];
        if (v != expected) {
            throw new IOException("checkpoint " + file + " was trained with " + key + " " + v + ", this run has " + expected
                    + " (use the same settings to resume, or --fresh to start over)");
        }
    }
}
