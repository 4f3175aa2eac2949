// SPDX-License-Identifier: MIT
// `worldmodels encode`: every rollout of RUN/rollouts through V's encoder into RUN/series (mu, logvar
// per frame, with the actions, rewards and done flags), in parallel and resumable.
package org.worldmodels.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.worldmodels.data.Checkpoint;
import org.worldmodels.data.EpisodeFile;
import org.worldmodels.data.EpisodeFiles;
import org.worldmodels.data.SeriesFile;
import org.worldmodels.log.Log;
import org.worldmodels.log.Progress;
import org.worldmodels.vision.ConvVae;
import org.worldmodels.vision.EpisodeEncoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "encode", mixinStandardHelpOptions = true,
        header = "Encodes every rollout with the trained VAE into RUN/series (M's training data).",
        description = {"Writes RUN/series/ep_000000.npz ... (mu, logvar f4 (T,32), action, reward, done, seed).",
            "Rerunning resumes: readable series files are kept; unreadable rollouts are skipped with a warning."})
public final class EncodeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", defaultValue = "runs/default", paramLabel = "DIR", description = "run folder (default: ${DEFAULT-VALUE})")
    Path run;
    @Option(names = "--rollouts", paramLabel = "DIR", description = "episode files (default: RUN/rollouts)")
    Path rolloutsDir;
    @Option(names = "--vae", paramLabel = "FILE", description = "the VAE's parameters (default: RUN/vae/vae.npz)")
    Path vaeFile;
    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: RUN/series)")
    Path outDir;
    @Option(names = "--batch", defaultValue = "100", paramLabel = "B", description = "frames per encoder call (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--threads", paramLabel = "N", description = "workers, each encoding whole episodes (default: all cores)")
    Integer threads;
    @Option(names = "--seed", defaultValue = "0", description = "accepted for uniformity; encoding is deterministic")
    long seed;
    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Path rollouts = rolloutsDir != null ? rolloutsDir : run.resolve("rollouts");
        Path model = vaeFile != null ? vaeFile : run.resolve("vae").resolve("vae.npz");
        Path out = outDir != null ? outDir : run.resolve("series");
        if (batch < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--batch must be >= 1, got " + batch);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (workers < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 1, got " + workers);
        if (!Files.exists(model)) throw new IOException("no VAE checkpoint at " + model + " (run train-vae first, or give --vae)");
        ConvVae loaded = new ConvVae(batch);
        Checkpoint.load(model, loaded.params);

        List<Path> files = EpisodeFiles.list(rollouts, "rollouts");
        List<Path> todo = new ArrayList<>();
        for (Path f : files) {
            Path s = out.resolve(f.getFileName());
            if (Files.exists(s)) {
                try {
                    SeriesFile.read(s);
                    continue;
                } catch (IOException | RuntimeException e) {
                    Log.warn("redoing unreadable series " + s + ": " + e.getMessage());
                }
            }
            todo.add(f);
        }
        Files.createDirectories(out);
        Log.info(String.format(Locale.ROOT, "encode: %d rollouts (%d already encoded) from %s with %s, %d workers, into %s",
                files.size(), files.size() - todo.size(), rollouts, model, workers, out));
        AtomicInteger next = new AtomicInteger(), skipped = new AtomicInteger();
        AtomicLong frames = new AtomicLong();
        int n = Math.max(1, Math.min(workers, todo.size()));
        ExecutorService pool = Executors.newFixedThreadPool(n);
        long t0 = System.nanoTime();
        try (Progress progress = Progress.start("encode", files.size(), "ep", files.size() - todo.size())) {
            List<Future<Void>> futures = new ArrayList<>();
            for (int w = 0; w < n; w++) {
                futures.add(pool.submit(() -> {
                    EpisodeEncoder encoder = new EpisodeEncoder(loaded, batch);   // reads loaded's weights once
                    for (int k; (k = next.getAndIncrement()) < todo.size(); ) {
                        Path f = todo.get(k);
                        EpisodeFile.Episode e;
                        try {
                            e = EpisodeFile.read(f);
                        } catch (IOException | RuntimeException ex) {
                            Log.warn("skipping unreadable rollout " + f + ": " + ex.getMessage());
                            skipped.incrementAndGet();
                            progress.step(1);
                            continue;
                        }
                        SeriesFile.write(out.resolve(f.getFileName()), encoder.encode(e));
                        frames.addAndGet(e.length());
                        progress.step(1);
                    }
                    return null;
                }));
            }
            for (Future<Void> fu : futures) {
                try {
                    fu.get();
                } catch (ExecutionException ex) {
                    if (ex.getCause() instanceof Exception c) throw c;
                    throw ex;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        Log.info(String.format(Locale.ROOT, "encoded %d episodes (%,d frames, %.0f frames/s)%s", todo.size() - skipped.get(), frames.get(),
                frames.get() / Math.max(s, 1e-9), skipped.get() > 0 ? "; skipped " + skipped.get() + " unreadable" : ""));
        return 0;
    }
}
