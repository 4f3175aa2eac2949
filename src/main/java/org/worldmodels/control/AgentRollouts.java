// SPDX-License-Identifier: MIT
// Batched, parallel rollouts of the whole agent (V + M + C) in CarRacing: W worker threads, each with E
// environments in lockstep; the parallelism is across workers, each worker's batch runs on one thread.
package org.worldmodels.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.worldmodels.env.CarRacing;
import org.worldmodels.env.EnvVersion;
import org.worldmodels.kernel.Parallel;
import org.worldmodels.memory.MdnRnn;
import org.worldmodels.vision.ConvVae;

/**
 * <pre>
 *   try (AgentRollouts r = new AgentRollouts(vae, rnn, AgentRollouts.Options.defaults())) {
 *       Result res = r.run(parameterTable, episodes);   // res.rewards()[i]: total reward of episode i
 *   }
 * </pre>
 * Every episode's result depends only on its {@link EpisodeSpec} and its candidate's parameters: the
 * track comes from its seed, the eps of z from its own stream, h and c start at zero. So the results
 * are the same for any number of workers and any scheduling, provided the encoder gives each row of a
 * batch the same bits whatever the batch (true of the kernels; AgentRolloutsTest checks it).
 */
public final class AgentRollouts implements AutoCloseable {
    /** Score of an episode that failed twice: below any real episode (at worst -0.1 * 999 - 100). */
    public static final double FAILURE_REWARD = -200;

    /**
     * @param workers        threads (default: available processors)
     * @param envsPerWorker  E, episodes in lockstep per worker (the encoder's batch)
     * @param maxSteps       episode length cap (the env itself stops at 1000)
     * @param timeLimitSeconds wall time after which an episode is cut off as failed (then retried once)
     * @param sampleZ        z = mu + sigma eps (the paper's code) or z = mu
     */
    public record Options(int workers, int envsPerWorker, int maxSteps, double timeLimitSeconds, boolean sampleZ,
                          EnvVersion version) {
        public Options {
            if (workers <= 0) throw new IllegalArgumentException("workers must be positive: " + workers);
            if (envsPerWorker <= 0) throw new IllegalArgumentException("environments per worker must be positive: " + envsPerWorker);
            if (maxSteps <= 0) throw new IllegalArgumentException("max steps must be positive: " + maxSteps);
            if (!(timeLimitSeconds > 0)) throw new IllegalArgumentException("time limit must be positive: " + timeLimitSeconds);
        }

        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), 16, 1000, 1800, true, EnvVersion.V0);
        }

        public Options withWorkers(int w) { return new Options(w, envsPerWorker, maxSteps, timeLimitSeconds, sampleZ, version); }
        public Options withEnvsPerWorker(int e) { return new Options(workers, e, maxSteps, timeLimitSeconds, sampleZ, version); }
        public Options withMaxSteps(int s) { return new Options(workers, envsPerWorker, s, timeLimitSeconds, sampleZ, version); }
        public Options withTimeLimit(double s) { return new Options(workers, envsPerWorker, maxSteps, s, sampleZ, version); }
        public Options withSampleZ(boolean b) { return new Options(workers, envsPerWorker, maxSteps, timeLimitSeconds, b, version); }
    }

    /** Per episode: total reward, steps taken, and whether it failed twice (then reward = FAILURE_REWARD). */
    public record Result(double[] rewards, int[] steps, boolean[] failed) {
        public long totalSteps() {
            long s = 0;
            for (int n : steps) s += n;
            return s;
        }

        /** Mean reward of each candidate's episodes (candidates without episodes get NaN). */
        public double[] meanPerCandidate(List<EpisodeSpec> episodes, int candidates) {
            double[] sum = new double[candidates];
            int[] count = new int[candidates];
            for (int i = 0; i < episodes.size(); i++) {
                sum[episodes.get(i).candidate()] += rewards[i];
                count[episodes.get(i).candidate()]++;
            }
            for (int k = 0; k < candidates; k++) sum[k] = count[k] > 0 ? sum[k] / count[k] : Double.NaN;
            return sum;
        }
    }

    public final Options options;
    private final RolloutWorker[] workers;
    private final ExecutorService pool;

    /** Workers with real CarRacing environments of {@code options.version()}. */
    public AgentRollouts(ConvVae vae, MdnRnn rnn, Options options) {
        this(vae, rnn, options, () -> new CarRacing(options.version()));
    }

    /** Workers whose environments come from {@code envFactory} (tests inject faulty renderers this way). */
    public AgentRollouts(ConvVae vae, MdnRnn rnn, Options options, Supplier<CarRacing> envFactory) {
        this.options = options;
        this.workers = new RolloutWorker[options.workers()];
        for (int w = 0; w < workers.length; w++) workers[w] = new RolloutWorker(options.envsPerWorker(), vae, rnn, envFactory);
        this.pool = Executors.newFixedThreadPool(options.workers(), r -> {
            // Each worker is already one of several parallel workers: its kernels run on it alone
            // rather than competing for the kernel pool (results are the same either way).
            Thread t = new Thread(() -> {
                Parallel.runKernelsOnCallingThread();
                r.run();
            }, "rollout-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Rolls out every episode; {@code parameters[k]} is candidate k's flat controller vector (867). */
    public Result run(float[][] parameters, List<EpisodeSpec> episodes) {
        return run(parameters, episodes, null);
    }

    /** As {@link #run(float[][], List)}; {@code progress} (may be null) is told of each finished episode. */
    public Result run(float[][] parameters, List<EpisodeSpec> episodes, Runnable progress) {
        for (int k = 0; k < parameters.length; k++) {
            if (parameters[k].length != Controller.SIZE) {
                throw new IllegalArgumentException("candidate " + k + " has " + parameters[k].length
                        + " parameters, the controller has " + Controller.SIZE);
            }
        }
        RolloutJob job = new RolloutJob(parameters, episodes, options.maxSteps(),
                (long) (options.timeLimitSeconds() * 1e9), options.sampleZ());
        job.onFinish = progress;
        List<Future<?>> running = new ArrayList<>();
        for (RolloutWorker w : workers) running.add(pool.submit(() -> w.run(job, null)));
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for rollouts", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a rollout worker died: " + e.getCause(), e.getCause());
            }
        }
        return new Result(job.rewards, job.steps, job.failed);
    }

    /**
     * Runs one episode alone (batch 1) on the calling thread and hands each frame (the reset frame, then
     * one per step) to {@code sink}; used to draw an evaluation episode again without storing all frames.
     */
    public static double replay(ConvVae vae, MdnRnn rnn, Options options, float[] parameters, EpisodeSpec episode,
                                FrameListener sink) {
        RolloutWorker w = new RolloutWorker(1, vae, rnn, () -> new CarRacing(options.version()));
        EpisodeSpec only = new EpisodeSpec(0, episode.trackSeed(), episode.noiseSeed());
        RolloutJob job = new RolloutJob(new float[][] {parameters}, List.of(only), options.maxSteps(),
                (long) (options.timeLimitSeconds() * 1e9), options.sampleZ());
        w.run(job, (e, rgb, step, total) -> sink.frame(rgb, step, total));
        return job.rewards[0];
    }

    /** A frame of a replayed episode: the 96x96x3 observation (reused buffer), its step and the reward so far. */
    public interface FrameListener {
        void frame(byte[] rgb, int step, double totalReward);
    }

    @Override
    public void close() { pool.shutdownNow(); }
}
