// SPDX-License-Identifier: MIT
// `worldmodels train-vae`: trains V on frames streamed from RUN/rollouts, checkpointing to RUN/vae
// each epoch and on Ctrl-C and resuming from there; metrics.csv, loss.png, a recon grid per epoch.
package org.worldmodels.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.worldmodels.data.Checkpoint;
import org.worldmodels.data.EpisodeFile;
import org.worldmodels.data.EpisodeFiles;
import org.worldmodels.data.MetricsCsv;
import org.worldmodels.kernel.Parallel;
import org.worldmodels.log.Log;
import org.worldmodels.log.Progress;
import org.worldmodels.nn.Adam;
import org.worldmodels.nn.VaeLoss;
import org.worldmodels.report.Plots;
import org.worldmodels.vision.ConvVae;
import org.worldmodels.vision.FrameStream;
import org.worldmodels.vision.HeldOutFrames;
import org.worldmodels.vision.VaeTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-vae", mixinStandardHelpOptions = true,
        header = "Trains the VAE (V) on frames streamed from the rollouts in RUN/rollouts.",
        description = {"Writes RUN/vae/vae.npz (PyTorch state_dict layout), vae.optim.npz, vae.trainer.npz, "
            + "metrics.csv (per step), loss.png and recon_epoch_XX.png.",
            "Resumes from RUN/vae if a checkpoint is there (same seed, batch, buffer and data required); "
            + "Ctrl-C saves a checkpoint first."})
public final class TrainVaeCommand implements Callable<Integer> {
    static final List<String> METRICS = List.of("step", "epoch", "reconstruction", "kl", "kl_clipped", "total", "heldout_total", "images_per_s");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", defaultValue = "runs/default", paramLabel = "DIR", description = "run folder (default: ${DEFAULT-VALUE})")
    Path run;
    @Option(names = "--rollouts", paramLabel = "DIR", description = "episode files (default: RUN/rollouts)")
    Path rolloutsDir;
    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: RUN/vae)")
    Path outDir;
    @Option(names = "--epochs", defaultValue = "10", paramLabel = "E", description = "passes over the training frames (default: ${DEFAULT-VALUE}, the paper's)")
    int epochs;
    @Option(names = "--batch", defaultValue = "100", paramLabel = "B", description = "frames per batch (default: ${DEFAULT-VALUE}, the paper's)")
    int batch;
    @Option(names = "--lr", defaultValue = "1e-4", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--buffer", defaultValue = "10000", paramLabel = "K",
            description = "shuffle buffer in frames, 12 KB each: memory does not grow with the data (default: ${DEFAULT-VALUE} = 123 MB)")
    int buffer;
    @Option(names = "--held-out", defaultValue = "2", paramLabel = "N", description = "episodes (the last N files) held out for evaluation (default: ${DEFAULT-VALUE})")
    int heldOut;
    @Option(names = "--held-out-frames", defaultValue = "1000", paramLabel = "N", description = "at most N evenly spaced held-out frames are evaluated (default: ${DEFAULT-VALUE})")
    int heldOutFrames;
    @Option(names = "--steps", paramLabel = "N", description = "stop (with a checkpoint) after N optimiser steps in total")
    Long maxSteps;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the initial weights, frame order and eps (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--init", paramLabel = "FILE", description = "start from these parameters (.npz, state_dict layout) instead of a random init")
    Path init;
    @Option(names = "--record-order", paramLabel = "FILE", description = "write each step's frames (step,epoch,file,t) to this CSV, for the PyTorch twin")
    Path recordOrder;
    @Option(names = "--fresh", description = "ignore an existing checkpoint in the output folder and start over")
    boolean fresh;
    @Option(names = "--threads", paramLabel = "N", description = "threads of the convolution kernels (default: all cores)")
    Integer threads;
    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Path rollouts = rolloutsDir != null ? rolloutsDir : run.resolve("rollouts");
        Path out = outDir != null ? outDir : run.resolve("vae");
        Path modelFile = out.resolve("vae.npz");
        if (epochs < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--epochs must be >= 1, got " + epochs);
        if (batch < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--batch must be >= 1, got " + batch);
        if (heldOut < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--held-out must be >= 0, got " + heldOut);
        if (threads != null) Parallel.setThreads(threads);

        List<Path> files = EpisodeFiles.list(rollouts, "rollouts");
        if (files.size() <= heldOut) {
            throw new CommandLine.ParameterException(spec.commandLine(), rollouts + " has " + files.size()
                    + " episode files, not enough to hold out " + heldOut + " and train on the rest");
        }
        List<Path> train = files.subList(0, files.size() - heldOut), held = files.subList(files.size() - heldOut, files.size());
        List<EpisodeFile.Episode> heldEpisodes = new ArrayList<>();
        for (Path f : held) {
            try {
                heldEpisodes.add(EpisodeFile.read(f));
            } catch (IOException e) {
                Log.warn("skipping unreadable held-out rollout " + f + ": " + e.getMessage());
            }
        }
        HeldOutFrames heldOutSet = heldEpisodes.isEmpty() ? null : new HeldOutFrames(heldEpisodes, heldOutFrames);
        heldEpisodes.clear();

        ConvVae vae = new ConvVae(batch);
        Adam adam = new Adam(vae.params, lr);
        VaeTrainer trainer = new VaeTrainer(vae, adam, new FrameStream(train, buffer), batch, seed);
        boolean resume = !fresh && VaeTrainer.hasCheckpoint(modelFile);
        if (resume) {
            trainer.resume(modelFile);
            Log.info("resuming from " + modelFile + " at epoch " + trainer.epoch() + ", step " + trainer.step());
        } else if (init != null) {
            Checkpoint.load(init, vae.params);
        } else {
            vae.initDefault(seed);
        }
        Log.info(String.format(Locale.ROOT, "train-vae: %d training episodes, %d held out (%d frames) from %s; batch %d, buffer %d frames, %d threads",
                train.size(), held.size(), heldOutSet == null ? 0 : heldOutSet.count, rollouts, batch, buffer, Parallel.threads()));

        try (MetricsCsv metrics = MetricsCsv.open(out.resolve("metrics.csv"), METRICS, resume ? trainer.step() : -1);
             BufferedWriter order = recordOrder == null ? null : openOrder(recordOrder, resume)) {
            if (!resume && heldOutSet != null) {
                metrics.row(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, heldOutSet.loss(vae).total(), Double.NaN);
            }
            loop(trainer, heldOutSet, metrics, order, modelFile, out, train);
        }
        plot(out);
        return 0;
    }

    private static BufferedWriter openOrder(Path file, boolean append) throws IOException {
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        BufferedWriter w = append && Files.exists(file)
                ? Files.newBufferedWriter(file, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)
                : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        if (!append) w.write("step,epoch,file,t\n");
        return w;
    }

    /** Epochs until --epochs (or --steps); at each epoch's end: held-out loss, recon grid, checkpoint. */
    private void loop(VaeTrainer trainer, HeldOutFrames heldOutSet, MetricsCsv metrics, BufferedWriter order, Path modelFile,
                      Path out, List<Path> train) throws IOException {
        StopSignal stop = new StopSignal();
        Thread hook = new Thread(stop::requestAndWait, "train-vae checkpoint on exit");
        Runtime.getRuntime().addShutdownHook(hook);
        long images = 0;
        double seconds = 0;
        boolean saved = true;
        // Progress in episode files opened (epochs x files): an epoch of the paper's data is hours long.
        long files = trainer.stream.files().size();
        try (Progress progress = Progress.start("train-vae", epochs * files, "ep", trainer.epoch() * files)) {
            while (trainer.epoch() < epochs && !stop.requested && (maxSteps == null || trainer.step() < maxSteps)) {
                VaeTrainer.StepResult r = trainer.trainStep();
                if (r == null) {   // an epoch ended
                    int e = trainer.epoch();
                    double held = Double.NaN;
                    if (heldOutSet != null) {
                        held = heldOutSet.loss(trainer.vae).total();
                        heldOutSet.writeGrid(trainer.vae, 8, out.resolve(String.format(Locale.ROOT, "recon_epoch_%02d.png", e)));
                    }
                    trainer.save(modelFile);
                    saved = true;
                    metrics.row(trainer.step(), e, Double.NaN, Double.NaN, Double.NaN, Double.NaN, held, Double.NaN);
                    if (order != null) order.flush();
                    progress.stepTo(e * files);
                    Log.info(String.format(Locale.ROOT, "epoch %d done at step %d; held-out loss %.2f", e, trainer.step(), held));
                    continue;
                }
                saved = false;
                images += r.images();
                seconds += r.seconds();
                VaeLoss.Parts p = r.parts();
                metrics.row(r.step(), r.epoch(), p.reconstruction(), p.kl(), p.klClipped(), p.total(), Double.NaN, r.images() / r.seconds());
                if (order != null) {
                    long[] ids = trainer.lastIds();
                    for (int i = 0; i < r.images(); i++) {
                        order.write(r.step() + "," + r.epoch() + "," + train.get((int) (ids[i] >>> 32)).getFileName() + "," + (int) ids[i] + "\n");
                    }
                }
                progress.stepTo(trainer.epoch() * files + trainer.filesOpenedThisEpoch());
                progress.status(String.format(Locale.ROOT, "epoch %d/%d step %d  loss %.1f (recon %.1f, kl %.1f)  %.0f img/s",
                        r.epoch() + 1, epochs, r.step(), p.total(), p.reconstruction(), p.kl(), r.images() / r.seconds()));
            }
            if (!saved) trainer.save(modelFile);
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
            Log.info(String.format(Locale.ROOT, "throughput: %,.0f images/s (%d images in %.1f s of training steps, %d threads)",
                    images / seconds, images, seconds, Parallel.threads()));
        }
        // Peak heap: the sum of the heap pools' peaks (an upper bound: the pools peak at different times).
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        Log.info(String.format(Locale.ROOT, "peak heap used: %.0f MB (limit -Xmx %.0f MB)", peak / 1e6, Runtime.getRuntime().maxMemory() / 1e6));
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

    /** loss.png: training loss per step and the held-out loss at each epoch's end. */
    private static void plot(Path out) throws IOException {
        Map<String, double[]> m = MetricsCsv.read(out.resolve("metrics.csv"));
        double[] step = m.get("step"), total = m.get("total"), held = m.get("heldout_total");
        List<double[]> trainPts = new ArrayList<>(), heldPts = new ArrayList<>();
        for (int i = 0; i < step.length; i++) {
            if (!Double.isNaN(total[i])) trainPts.add(new double[] {step[i], total[i]});
            if (!Double.isNaN(held[i])) heldPts.add(new double[] {step[i], held[i]});
        }
        if (trainPts.isEmpty()) return;
        // Plots.lines takes one x axis: the held-out curve is drawn at the training steps, carried forward.
        double[] x = new double[trainPts.size()], y = new double[x.length], h = new double[x.length];
        int k = 0;
        double last = heldPts.isEmpty() ? Double.NaN : heldPts.get(0)[1];
        for (int i = 0; i < x.length; i++) {
            x[i] = trainPts.get(i)[0];
            y[i] = trainPts.get(i)[1];
            while (k < heldPts.size() && heldPts.get(k)[0] <= x[i]) last = heldPts.get(k++)[1];
            h[i] = last;
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("train (reconstruction + clipped KL, per batch)", y);
        if (!heldPts.isEmpty()) series.put("held-out (z = mu, at each epoch's end)", h);
        Plots.lines(out.resolve("loss.png"), "VAE loss", "step", "loss per frame", x, series, true);
    }
}
