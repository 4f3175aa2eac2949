// SPDX-License-Identifier: MIT
// `worldmodels train-controller`: evolves C with CMA-ES, V and M in the loop, in the real environment;
// resumable after a crash or Ctrl-C from the last finished generation.
package org.worldmodels.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.worldmodels.control.AgentRollouts;
import org.worldmodels.control.ControllerEvolution;
import org.worldmodels.env.EnvVersion;
import org.worldmodels.log.Log;
import org.worldmodels.memory.MdnRnn;
import org.worldmodels.vision.ConvVae;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-controller", mixinStandardHelpOptions = true,
        description = "Evolve the controller C with CMA-ES on V and M in CarRacing (RUN/controller); resumes if a state is there.")
public final class TrainControllerCommand implements Callable<Integer> {
    @Option(names = "--run", defaultValue = "runs/default", description = "Run folder (default: ${DEFAULT-VALUE}).")
    Path run;
    @Option(names = "--vae", description = "V checkpoint (default: RUN/vae/vae.npz).")
    Path vae;
    @Option(names = "--rnn", description = "M checkpoint (default: RUN/rnn/rnn.npz).")
    Path rnn;
    @Option(names = "--out", description = "Output folder (default: RUN/controller).")
    Path out;
    @Option(names = "--generations", defaultValue = "200", description = "Total generations to reach (default: ${DEFAULT-VALUE}).")
    int generations;
    @Option(names = "--population", defaultValue = "64", description = "CMA-ES population (default: ${DEFAULT-VALUE}).")
    int population;
    @Option(names = "--episodes", defaultValue = "16", description = "Episodes per candidate (default: ${DEFAULT-VALUE}).")
    int episodes;
    @Option(names = "--sigma0", defaultValue = "0.1", description = "Initial step size (default: ${DEFAULT-VALUE}).")
    double sigma0;
    @Option(names = "--l2", defaultValue = "0", description = "L2 penalty weight: fitness = reward - l2 * mean(theta^2); the paper's code used 0.01 (default: off).")
    double l2;
    @Option(names = "--eval-every", defaultValue = "25", description = "Score the mean every N generations (default: ${DEFAULT-VALUE}).")
    int evalEvery;
    @Option(names = "--eval-episodes", defaultValue = "1024", description = "Episodes of that scoring (default: ${DEFAULT-VALUE}).")
    int evalEpisodes;
    @Option(names = "--max-steps", defaultValue = "1000", description = "Episode length cap (default: ${DEFAULT-VALUE}).")
    int maxSteps;
    @Option(names = "--seed", defaultValue = "0", description = "Run seed: CMA-ES, tracks, z noise (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--threads", description = "Rollout worker threads (default: available processors).")
    Integer threads;
    @Option(names = "--envs-per-worker", defaultValue = "16", description = "Environments stepped in lockstep per worker (default: ${DEFAULT-VALUE}).")
    int envsPerWorker;
    @Option(names = "--time-limit", defaultValue = "1800", description = "Seconds of environment time after which an episode is retried, then failed (default: ${DEFAULT-VALUE}).")
    double timeLimit;
    @Option(names = "--z-mean", description = "Use z = mu instead of sampling z (the paper samples).")
    boolean zMean;
    @Option(names = "--env", defaultValue = "v0", description = "v0 (the paper's) or v3 (default: ${DEFAULT-VALUE}).")
    String env;
    @Option(names = "--restart", description = "Discard a saved search in the output folder and start afresh.")
    boolean restart;
    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (generations < 1) throw new IllegalArgumentException("--generations must be at least 1, got " + generations);
        Path vaeFile = vae != null ? vae : run.resolve("vae").resolve("vae.npz");
        Path rnnFile = rnn != null ? rnn : run.resolve("rnn").resolve("rnn.npz");
        Path dir = out != null ? out : run.resolve("controller");
        ConvVae v = AgentFiles.loadVae(vaeFile);
        MdnRnn m = AgentFiles.loadRnn(rnnFile);
        ControllerEvolution.Settings settings = new ControllerEvolution.Settings(population, episodes, sigma0, l2, seed, evalEvery, evalEpisodes);
        AgentRollouts.Options options = AgentRollouts.Options.defaults()
                .withWorkers(threads != null ? threads : Runtime.getRuntime().availableProcessors())
                .withEnvsPerWorker(envsPerWorker).withMaxSteps(maxSteps).withTimeLimit(timeLimit).withSampleZ(!zMean);
        options = new AgentRollouts.Options(options.workers(), options.envsPerWorker(), options.maxSteps(),
                options.timeLimitSeconds(), options.sampleZ(), EnvVersion.parse(env));
        if (restart) {
            for (String f : new String[] {"cmaes.npz", "fitness.csv", "eval.csv", "settings.properties", "best.npz", "mean.npz"}) {
                Files.deleteIfExists(dir.resolve(f));
            }
        }
        try (AgentRollouts rollouts = new AgentRollouts(v, m, options)) {
            ControllerEvolution evolution = new ControllerEvolution(rollouts, settings, dir);
            // Ctrl-C: every finished generation is already saved; wait for a save under way to complete.
            Thread hook = new Thread(() -> {
                evolution.saving.lock();
                Log.warn("stopped; generation " + evolution.savedGeneration() + " is saved in " + evolution.statePath()
                        + "; run the same command again to resume");
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                double best = evolution.run(generations);
                Log.info("controller: done; best scored mean " + (Double.isInfinite(best) ? "n/a" : String.format("%.1f", best))
                        + "; " + dir.resolve("best.npz"));
            } finally {
                try { Runtime.getRuntime().removeShutdownHook(hook); } catch (IllegalStateException shuttingDown) { /* hook runs */ }
            }
        }
        return 0;
    }
}
