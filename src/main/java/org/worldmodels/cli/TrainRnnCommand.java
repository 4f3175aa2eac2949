// SPDX-License-Identifier: MIT
// `worldmodels train-rnn`: trains M on RUN/series, checkpointing to RUN/rnn (every N steps and on
// Ctrl-C) and resuming from there; metrics.csv, loss.png and the held-out NLL per latent dim.
package org.worldmodels.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.worldmodels.data.AtomicFiles;
import org.worldmodels.data.Checkpoint;
import org.worldmodels.data.MetricsCsv;
import org.worldmodels.data.SeriesFile;
import org.worldmodels.log.Log;
import org.worldmodels.log.Progress;
import org.worldmodels.memory.HeldOutEvaluation;
import org.worldmodels.memory.MdnRnn;
import org.worldmodels.memory.RnnTrainer;
import org.worldmodels.memory.SeriesBatches;
import org.worldmodels.nn.ExponentialDecaySchedule;
import org.worldmodels.nn.LearningRateSchedule;
import org.worldmodels.nn.PolynomialDecaySchedule;
import org.worldmodels.report.Plots;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-rnn", mixinStandardHelpOptions = true,
        header = "Trains the MDN-RNN (M) on the encoded episodes in RUN/series.",
        description = {"Writes RUN/rnn/: rnn.npz (PyTorch state_dict layout), rnn.optim.npz, "
            + "rnn.trainer.npz, metrics.csv, loss.png, nll_per_dim.csv.",
            "Resumes from a checkpoint there (same seed, batch, seq-len and data required); "
            + "Ctrl-C saves a checkpoint first."})
public final class TrainRnnCommand implements Callable<Integer> {
    static final List<String> METRICS = List.of("step", "lr", "train_nll", "heldout_nll", "timesteps_per_s");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", defaultValue = "runs/default", paramLabel = "DIR", description = "run folder (default: ${DEFAULT-VALUE})")
    Path run;
    @Option(names = "--series", paramLabel = "DIR", description = "encoded episodes (default: RUN/series)")
    Path seriesDir;
    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: RUN/rnn)")
    Path outDir;
    @Option(names = "--steps", defaultValue = "4000", paramLabel = "N", description = "total optimiser steps (default: ${DEFAULT-VALUE}, the paper's)")
    long steps;
    @Option(names = "--epochs", paramLabel = "E", description = "train for E passes over the training episodes instead of --steps")
    Integer epochs;
    @Option(names = "--batch", defaultValue = "100", paramLabel = "B", description = "sequences per batch (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--seq-len", defaultValue = "999", paramLabel = "T", description = "window in transitions; 999 = whole 1000-frame episodes (default: ${DEFAULT-VALUE})")
    int seqLen;
    @Option(names = "--schedule", defaultValue = "exp", paramLabel = "exp|poly|constant",
            description = "learning rate: exp = (lr - floor) * decay^step + floor (paper code), poly = linear lr -> floor over the run (TF2 reimplementation) (default: ${DEFAULT-VALUE})")
    String schedule;
    @Option(names = "--lr", defaultValue = "1e-3", description = "initial learning rate (default: ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--lr-floor", defaultValue = "1e-5", description = "learning-rate floor (default: ${DEFAULT-VALUE})")
    double lrFloor;
    @Option(names = "--lr-decay", defaultValue = "1.0", description = "exp schedule's factor per step; the paper's CarRacing setting 1.0 keeps lr constant (default: ${DEFAULT-VALUE})")
    double lrDecay;
    @Option(names = "--clip", defaultValue = "1.0", description = "gradient clipping by value (default: ${DEFAULT-VALUE})")
    double clip;
    @Option(names = "--held-out", defaultValue = "0.1", paramLabel = "F", description = "fraction of episodes held out for evaluation (default: ${DEFAULT-VALUE})")
    double heldOut;
    @Option(names = "--eval-every", defaultValue = "100", paramLabel = "N", description = "held-out NLL every N steps (default: ${DEFAULT-VALUE})")
    int evalEvery;
    @Option(names = "--checkpoint-every", defaultValue = "100", paramLabel = "N", description = "checkpoint every N steps (default: ${DEFAULT-VALUE})")
    int checkpointEvery;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the initial weights, split and batches (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--init", paramLabel = "FILE", description = "start from these parameters (.npz, state_dict layout) instead of a random init")
    Path init;
    @Option(names = "--fresh", description = "ignore an existing checkpoint in the output folder and start over")
    boolean fresh;
    @Option(names = "--threads", paramLabel = "N", description = "threads of the matrix kernels (default: all cores; sets -Dworldmodels.threads before the kernels start)")
    Integer threads;
    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Path series = seriesDir != null ? seriesDir : run.resolve("series");
        Path out = outDir != null ? outDir : run.resolve("rnn");
        Path modelFile = out.resolve("rnn.npz");
        if (evalEvery < 1 || checkpointEvery < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--eval-every and --checkpoint-every must be >= 1");
        if (epochs != null && epochs < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--epochs must be >= 1, got " + epochs);
        if (steps < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--steps must be >= 1, got " + steps);

        if (threads != null) {
            if (threads < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 1, got " + threads);
            // The kernels' thread pool reads this property once, when the first GEMM runs (below).
            System.setProperty("worldmodels.threads", Integer.toString(threads));
        }
        List<SeriesFile.Series> all = SeriesFile.readFolder(series);
        MdnRnn model = new MdnRnn();
        // The schedule needs the run's length, which --epochs defines through the number of batches per epoch.
        long total = epochs != null ? (long) epochs * new SeriesBatches(all, batch, seqLen, heldOut, seed).batchesPerEpoch() : steps;
        RnnTrainer trainer = new RnnTrainer(model, all, new RnnTrainer.Config(batch, seqLen, clip, schedule(total), heldOut, seed));
        Log.info(String.format(Locale.ROOT, "series: %d episodes (%d train, %d held out) from %s; batch %d x %d steps, %d batches per epoch",
                all.size(), trainer.batches.train.size(), trainer.batches.heldOut.size(), series, trainer.batches.batchSize,
                trainer.batches.seqLen, trainer.batches.batchesPerEpoch()));

        if (!fresh && RnnTrainer.hasCheckpoint(modelFile)) {
            trainer.resume(modelFile);
            Log.info("resuming from " + modelFile + " at step " + trainer.step());
            if (init != null) Log.warn("--init " + init + " ignored: resuming from " + modelFile + " (add --fresh to start over)");
        } else if (init != null) {
            if (!java.nio.file.Files.isRegularFile(init)) throw new IllegalArgumentException("--init " + init + " not found");
            Checkpoint.load(init, model.params);
        } else {
            model.initDefault(new SplittableRandom(seed));
        }
        try (MetricsCsv metrics = MetricsCsv.open(out.resolve("metrics.csv"), METRICS, fresh || !RnnTrainer.hasCheckpoint(modelFile) ? -1 : trainer.step())) {
            if (trainer.step() >= total) {
                Log.info("already trained " + trainer.step() + " of " + total + " steps");
            } else {
                loop(trainer, total, metrics, modelFile);
            }
        }
        finish(trainer, out);
        return 0;
    }

    private LearningRateSchedule schedule(long total) {
        return switch (schedule.toLowerCase(Locale.ROOT)) {
            case "exp" -> new ExponentialDecaySchedule(lr, lrFloor, lrDecay);
            case "poly" -> new PolynomialDecaySchedule(lr, lrFloor, total);
            case "constant" -> LearningRateSchedule.constant(lr);
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--schedule must be exp, poly or constant, got " + schedule);
        };
    }

    /** Steps until {@code total}, a checkpoint every N steps, at the end, and when Ctrl-C asks to stop. */
    private void loop(RnnTrainer trainer, long total, MetricsCsv metrics, Path modelFile) throws IOException {
        if (trainer.step() == 0) metrics.row(0, trainer.config().schedule().at(0), Double.NaN, trainer.heldOutNll(), Double.NaN);
        StopSignal stop = new StopSignal();
        Thread hook = new Thread(stop::requestAndWait, "train-rnn checkpoint on exit");
        Runtime.getRuntime().addShutdownHook(hook);
        long timesteps = 0;
        double seconds = 0;
        try (Progress progress = Progress.start("train-rnn", total, "step", trainer.step())) {
            while (trainer.step() < total && !stop.requested) {
                RnnTrainer.StepResult r = trainer.trainStep();
                timesteps += r.timesteps();
                seconds += r.seconds();
                boolean evaluate = r.step() % evalEvery == 0 || r.step() == total;
                double held = evaluate ? trainer.heldOutNll() : Double.NaN;
                metrics.row(r.step(), r.learningRate(), r.nll(), held, r.timesteps() / r.seconds());
                if (r.step() % checkpointEvery == 0 || r.step() == total || stop.requested) trainer.save(modelFile);
                progress.step(1);
                progress.status(String.format(Locale.ROOT, "nll %.4f  %,.0f timesteps/s", r.nll(), r.timesteps() / r.seconds()));
            }
        } finally {
            if (stop.requested) Log.info("interrupted: checkpoint saved at step " + trainer.step() + " in " + modelFile);
            stop.done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for the latch released above.
            }
        }
        if (seconds > 0) {
            Log.info(String.format(Locale.ROOT, "throughput: %,.0f timesteps/s (%d timesteps in %.1f s of training steps)", timesteps / seconds, timesteps, seconds));
        }
    }

    /** Set by the shutdown hook; the hook then waits until the training loop has saved and returned. */
    private static final class StopSignal {
        volatile boolean requested;
        final CountDownLatch done = new CountDownLatch(1);

        void requestAndWait() {
            requested = true;
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** loss.png from metrics.csv, and the held-out NLL per latent dim against the copy baselines. */
    private void finish(RnnTrainer trainer, Path out) throws IOException {
        Map<String, double[]> m = MetricsCsv.read(out.resolve("metrics.csv"));
        double[] step = m.get("step"), train = m.get("train_nll"), held = m.get("heldout_nll");
        int evals = 0;
        for (int i = 0; i < step.length; i++) if (!Double.isNaN(held[i]) && step[i] > 0) evals++;
        double[] x = new double[evals], trainMean = new double[evals], heldY = new double[evals];
        double sum = 0;
        int n = 0, e = 0;
        for (int i = 0; i < step.length; i++) {
            if (!Double.isNaN(train[i])) { sum += train[i]; n++; }
            if (!Double.isNaN(held[i]) && step[i] > 0) {
                x[e] = step[i];
                trainMean[e] = n > 0 ? sum / n : held[i];
                heldY[e++] = held[i];
                sum = 0;
                n = 0;
            }
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("train (mean since the previous evaluation)", trainMean);
        if (!trainer.batches.heldOut.isEmpty()) series.put("held-out", heldY);
        Plots.lines(out.resolve("loss.png"), "MDN-RNN: NLL per latent dim (nats)", "step", "NLL", x, series, false);
        if (trainer.batches.heldOut.isEmpty()) return;
        HeldOutEvaluation.Report r = trainer.heldOutReport();
        StringBuilder csv = new StringBuilder("dim,model,copy_z_vae_sigma,copy_z_fitted_sigma,copy_mu_next_sigma_oracle\n");
        for (int d = 0; d < r.model().length; d++) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f%n", d, r.model()[d], r.copyVaeSigma()[d],
                    r.copyFitted()[d], r.copyMuOracle()[d]));
        }
        AtomicFiles.writeString(out.resolve("nll_per_dim.csv"), csv.toString());
        Log.info(String.format(Locale.ROOT, "held-out NLL per latent dim (%d transitions): M %.4f, copy z_t with VAE sigma %.4f, "
                + "copy z_t with fitted sigma %.4f, oracle copy of mu_t with the next frame's sigma %.4f nats",
                r.transitions(), r.meanModel(), r.meanCopyVaeSigma(), r.meanCopyFitted(), r.meanCopyMuOracle()));
    }
}
