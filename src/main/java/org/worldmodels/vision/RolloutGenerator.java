// SPDX-License-Identifier: MIT
// Collects V's training data: episodes of CarRacing driven by an exploration policy, one worker per
// core with its own environment, each episode written atomically to RUN/rollouts/ep_000000.npz.
package org.worldmodels.vision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.worldmodels.data.EpisodeFile;
import org.worldmodels.data.EpisodeFiles;
import org.worldmodels.env.CarRacing;
import org.worldmodels.env.EnvVersion;
import org.worldmodels.env.StepResult;
import org.worldmodels.log.Log;

/**
 * Episode {@code i} depends only on (seed, i): its track seed and its policy's randomness come from
 * {@link FrameRandom} streams addressed by i, so the files are byte-identical for any thread count.
 */
public final class RolloutGenerator {
    /** What to collect. */
    public record Settings(int episodes, int maxSteps, ExplorationPolicy policy, long seed, EnvVersion version) {
        public Settings {
            if (episodes < 1) throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
            if (maxSteps < 1) throw new IllegalArgumentException("max steps must be >= 1, got " + maxSteps);
        }
    }

    /** Called by a worker after each episode written (from several threads). */
    @FunctionalInterface
    public interface Listener {
        void episodeDone(EpisodeFile.Episode e);
    }

    private RolloutGenerator() {}

    /** The track seed of episode {@code index}: 31 random bits (gym refuses negative seeds). */
    public static long trackSeed(long seed, int index) {
        return FrameRandom.of(seed, FrameRandom.TRACK, index).nextLong() >>> 33;
    }

    /** Plays one episode in {@code env}; the frames are preprocessed to 64x64 uint8 as V takes them. */
    public static EpisodeFile.Episode rollout(CarRacing env, FramePreprocessor pre, Settings s, int index) {
        int cap = s.maxSteps();
        byte[] obs = new byte[cap * EpisodeFile.FRAME];
        float[] actions = new float[cap * 3], rewards = new float[cap];
        boolean[] done = new boolean[cap];
        byte[] frame64 = new byte[EpisodeFile.FRAME];
        float[] a = new float[3];
        long trackSeed = trackSeed(s.seed(), index);
        ExplorationPolicy.Actor actor = s.policy().start(FrameRandom.of(s.seed(), FrameRandom.POLICY, index));
        byte[] frame = env.reset(trackSeed);
        int t = 0;
        while (t < cap) {
            // obs[t] is what the policy sees; action[t], reward[t], done[t] are its step.
            pre.toUint8(frame, frame64);
            System.arraycopy(frame64, 0, obs, t * EpisodeFile.FRAME, EpisodeFile.FRAME);
            actor.next(a);
            StepResult r = env.step(a[0], a[1], a[2]);
            System.arraycopy(a, 0, actions, t * 3, 3);
            rewards[t] = (float) r.reward();
            done[t] = r.done() || t == cap - 1;
            t++;
            if (r.done()) break;
        }
        return new EpisodeFile.Episode(EpisodeFiles.fileName(index), t, Arrays.copyOf(obs, t * EpisodeFile.FRAME),
                Arrays.copyOf(actions, t * 3), Arrays.copyOf(rewards, t), Arrays.copyOf(done, t), trackSeed);
    }

    /**
     * The indices in 0..episodes-1 whose file is missing or unreadable (a corrupt one is named in a
     * warning and will be redone); complete files are kept.
     */
    public static List<Integer> missing(Path dir, int episodes) {
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            Path f = dir.resolve(EpisodeFiles.fileName(i));
            if (!Files.exists(f)) {
                todo.add(i);
                continue;
            }
            try {
                EpisodeFile.read(f);
            } catch (IOException | RuntimeException e) {
                Log.warn("redoing unreadable rollout " + f + ": " + e.getMessage());
                todo.add(i);
            }
        }
        return todo;
    }

    /** Writes the episodes {@code todo} into {@code dir} with {@code threads} workers, each with its own env. */
    public static void generate(Path dir, Settings s, List<Integer> todo, int threads, Listener listener) throws IOException {
        Files.createDirectories(dir);
        AtomicInteger next = new AtomicInteger();
        int workers = Math.max(1, Math.min(threads, todo.size()));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread th = new Thread(r, "rollout-worker");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    CarRacing env = new CarRacing(s.version());
                    FramePreprocessor pre = new FramePreprocessor();
                    for (int k; (k = next.getAndIncrement()) < todo.size(); ) {
                        if (Thread.currentThread().isInterrupted()) return null;
                        int index = todo.get(k);
                        EpisodeFile.Episode e = rollout(env, pre, s, index);
                        EpisodeFile.write(dir.resolve(e.name()), e);
                        if (listener != null) listener.episodeDone(e);
                    }
                    return null;
                }));
            }
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException ex) {
                    Throwable c = ex.getCause();
                    if (c instanceof IOException io) throw io;
                    if (c instanceof RuntimeException re) throw re;
                    throw new IOException(c);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", ex);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
