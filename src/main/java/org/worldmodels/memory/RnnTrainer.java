// SPDX-License-Identifier: MIT
// Trains M on encoded episodes: one step = a batch from SeriesBatches, forward and back-propagation
// through the whole window, clipping by value, Adam at the schedule's rate; checkpoints resume exactly.
package org.worldmodels.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.worldmodels.data.Checkpoint;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;
import org.worldmodels.data.SeriesFile.Series;
import org.worldmodels.nn.Adam;
import org.worldmodels.nn.GradClip;
import org.worldmodels.nn.LearningRateSchedule;

/**
 * The paper's M training (spec section 3): Adam (lr from a schedule, paper 1e-3), gradients clipped
 * by value at 1.0, batch 100 of whole 999-step sequences. Deterministic: the batch of step s depends
 * only on (seed, s) ({@link SeriesBatches}), so a run resumed from a checkpoint continues with the
 * very numbers an unbroken run would have used.
 */
public final class RnnTrainer {
    /** Hyper-parameters; {@code seqLen} is the window in transitions (999 = whole episodes). */
    public record Config(int batchSize, int seqLen, double clip, LearningRateSchedule schedule, double heldOutFraction, long seed) {}

    /** What one step did: its number (1-based: steps done after it), rate, batch NLL, real timesteps and wall time. */
    public record StepResult(long step, double learningRate, double nll, long timesteps, double seconds) {}

    private final MdnRnn model;
    private final Config config;
    private final Adam adam;
    public final SeriesBatches batches;
    private final MdnRnn.Workspace ws;
    private long step;

    public RnnTrainer(MdnRnn model, List<Series> series, Config config) {
        this.model = model;
        this.config = config;
        if (!(config.clip() > 0)) throw new IllegalArgumentException("clip value must be > 0, got " + config.clip());
        this.batches = new SeriesBatches(series, config.batchSize(), config.seqLen(), config.heldOutFraction(), config.seed());
        this.adam = new Adam(model.params, config.schedule().at(0));
        this.ws = model.newWorkspace(batches.maxSteps(), batches.batchSize);
    }

    /** Steps done so far. */
    public long step() { return step; }

    public Config config() { return config; }

    /** The live flat parameter buffer of the model being trained. */
    public float[] modelParams() { return model.params.data; }

    /**
     * One optimiser step. A non-finite loss throws before any parameter changes, so the last
     * checkpoint and the model in memory both stay good.
     */
    public StepResult trainStep() {
        long t0 = System.nanoTime();
        SeriesBatches.Batch b = batches.trainBatch(step);
        model.params.zeroGrad();
        double nll = model.forwardBackward(ws, b.steps, b.size, b.x, b.target, b.mask);
        if (!Double.isFinite(nll)) {
            throw new ArithmeticException("training diverged at step " + (step + 1) + ": batch NLL is " + nll + " (parameters left at step " + step + ")");
        }
        GradClip.byValue(model.params, config.clip());
        double lr = config.schedule().at(step);
        adam.setLearningRate(lr);
        adam.step();
        step++;
        return new StepResult(step, lr, nll, b.timesteps, (System.nanoTime() - t0) * 1e-9);
    }

    /** Mean NLL of M on the held-out episodes (NaN if none are held out). */
    public double heldOutNll() { return HeldOutEvaluation.meanNll(model, ws, batches.heldOutBatches()); }

    /** NLL per latent dim of M and the two copy baselines on the held-out episodes. */
    public HeldOutEvaluation.Report heldOutReport() {
        if (batches.heldOut.isEmpty()) throw new IllegalStateException("no held-out episodes (held-out fraction 0 or a single episode)");
        return HeldOutEvaluation.perDim(model, ws, batches.heldOutBatches(), batches.train);
    }

    // ---- checkpoints ---------------------------------------------------------------------------------

    /** {@code rnn.npz -> rnn.trainer.npz}: step, seed and the settings a resumed run must share. */
    public static Path statePath(Path modelFile) {
        String name = modelFile.getFileName().toString();
        return modelFile.resolveSibling((name.endsWith(".npz") ? name.substring(0, name.length() - 4) : name) + ".trainer.npz");
    }

    /**
     * Writes the model ({@code rnn.npz}, PyTorch state_dict layout), Adam's state ({@code rnn.optim.npz})
     * and the trainer's ({@code rnn.trainer.npz}), each atomically; the step in the last two must agree
     * for a resume to accept them.
     */
    public void save(Path modelFile) throws IOException {
        Checkpoint.save(modelFile, model.params);
        Checkpoint.saveOptimizer(Checkpoint.optimizerPath(modelFile), model.params, adam.firstMoment(), adam.secondMoment(), adam.stepCount());
        Map<String, NpyArray> s = new LinkedHashMap<>();
        s.put("step", NpyArray.scalarOf(step));
        s.put("seed", NpyArray.scalarOf(config.seed()));
        s.put("batch", NpyArray.scalarOf((long) config.batchSize()));
        s.put("seq_len", NpyArray.scalarOf((long) config.seqLen()));
        s.put("held_out", heldOutNames());
        Npy.writeNpz(statePath(modelFile), s, false);
    }

    public static boolean hasCheckpoint(Path modelFile) { return Files.exists(statePath(modelFile)); }

    /** Restores what {@link #save} wrote; refuses a checkpoint from other settings or data. */
    public void resume(Path modelFile) throws IOException {
        Path statePath = statePath(modelFile);
        Map<String, NpyArray> s = Npy.readNpz(statePath);
        List<String> problems = new ArrayList<>();
        for (String key : new String[] {"step", "seed", "batch", "seq_len", "held_out"}) if (!s.containsKey(key)) problems.add("missing '" + key + "'");
        if (!problems.isEmpty()) throw new IOException(statePath + ": " + String.join(", ", problems));
        compare(problems, "seed", (long) s.get("seed").scalar(), config.seed());
        compare(problems, "batch", (long) s.get("batch").scalar(), config.batchSize());
        compare(problems, "seq-len", (long) s.get("seq_len").scalar(), config.seqLen());
        String[] saved = s.get("held_out").size() == 0 ? new String[0] : s.get("held_out").asStrings();
        if (!Arrays.equals(saved, heldOutNames().size() == 0 ? new String[0] : heldOutNames().asStrings())) {
            problems.add("the held-out episodes differ (the series folder changed?)");
        }
        if (!problems.isEmpty()) {
            throw new IOException("cannot resume from " + statePath + ": " + String.join("; ", problems) + ". Use the same settings, or start afresh with --fresh");
        }
        long savedStep = (long) s.get("step").scalar();
        Checkpoint.OptimizerState o = Checkpoint.loadOptimizer(Checkpoint.optimizerPath(modelFile), model.params);
        if (o.step() != savedStep) {
            throw new IOException("cannot resume: " + Checkpoint.optimizerPath(modelFile) + " is at step " + o.step() + " but " + statePath + " at step " + savedStep
                    + " (a crash between writes?); start afresh with --fresh");
        }
        Checkpoint.load(modelFile, model.params);
        adam.restore(o.firstMoment(), o.secondMoment(), o.step());
        step = savedStep;
    }

    private static void compare(List<String> problems, String what, long saved, long now) {
        if (saved != now) problems.add(what + " was " + saved + ", now " + now);
    }

    private NpyArray heldOutNames() {
        String[] names = batches.heldOut.stream().map(Series::name).toArray(String[]::new);
        return names.length == 0 ? NpyArray.ofLongs(new long[0], 0) : NpyArray.ofStrings(names, names.length);
    }
}
