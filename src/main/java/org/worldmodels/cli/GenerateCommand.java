// SPDX-License-Identifier: MIT
// `worldmodels generate`: rollouts of CarRacing with an exploration policy into RUN/rollouts, on all
// cores, resumable (complete episodes are kept, unreadable ones redone), seeded (same --seed, same bytes).
package org.worldmodels.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.worldmodels.env.EnvVersion;
import org.worldmodels.log.Log;
import org.worldmodels.log.Progress;
import org.worldmodels.vision.ExplorationPolicy;
import org.worldmodels.vision.RolloutGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        header = "Collects rollouts of CarRacing with a random exploration policy (V's training data).",
        description = {"Writes RUN/rollouts/ep_000000.npz ... (obs u1 (T,64,64,3), action, reward, done, seed).",
            "Rerunning the same command resumes: complete episodes are kept, unreadable ones redone."})
public final class GenerateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", defaultValue = "runs/default", paramLabel = "DIR", description = "run folder (default: ${DEFAULT-VALUE})")
    Path run;
    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: RUN/rollouts)")
    Path outDir;
    @Option(names = "--episodes", defaultValue = "10000", paramLabel = "N", description = "episodes (default: ${DEFAULT-VALUE}, the paper's)")
    int episodes;
    @Option(names = "--max-steps", defaultValue = "1000", paramLabel = "T", description = "steps per episode at most (default: ${DEFAULT-VALUE})")
    int maxSteps;
    @Option(names = "--policy", defaultValue = "held", paramLabel = "uniform|held|brownian",
            description = "exploration policy (default: ${DEFAULT-VALUE}, the one with the most varied frames; see docs/vision.md)")
    String policy;
    @Option(names = "--env", defaultValue = "v0", paramLabel = "v0|v3", description = "CarRacing version (default: ${DEFAULT-VALUE}, the paper's)")
    String env;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the tracks and actions (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--threads", paramLabel = "N", description = "workers, each with its own environment (default: all cores)")
    Integer threads;
    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Path out = outDir != null ? outDir : run.resolve("rollouts");
        if (episodes < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--episodes must be >= 1, got " + episodes);
        if (maxSteps < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--max-steps must be >= 1, got " + maxSteps);
        ExplorationPolicy p;
        try {
            p = ExplorationPolicy.parse(policy);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--policy: " + e.getMessage());
        }
        EnvVersion version = switch (env.toLowerCase(Locale.ROOT)) {
            case "v0" -> EnvVersion.V0;
            case "v3" -> EnvVersion.V3;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--env must be v0 or v3, got " + env);
        };
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (workers < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 1, got " + workers);

        RolloutGenerator.Settings s = new RolloutGenerator.Settings(episodes, maxSteps, p, seed, version);
        List<Integer> todo = RolloutGenerator.missing(out, episodes);
        Log.info(String.format(Locale.ROOT, "generate: %d episodes (%d already complete), policy %s, %s, %d workers, into %s",
                episodes, episodes - todo.size(), p.cliName(), version, workers, out));
        AtomicLong frames = new AtomicLong();
        try (Progress progress = Progress.start("generate", episodes, "ep", episodes - todo.size())) {
            RolloutGenerator.generate(out, s, todo, workers, e -> {
                frames.addAndGet(e.length());
                progress.step(1);
            });
        }
        long bytes = 0;
        int files = 0;
        try (Stream<Path> st = Files.list(out)) {
            for (Path f : st.filter(f -> f.getFileName().toString().matches("ep_\\d+\\.npz")).toList()) {
                bytes += Files.size(f);
                files++;
            }
        }
        Log.info(String.format(Locale.ROOT, "wrote %d episodes (%,d frames); %s holds %d episode files, %.1f MB on disk",
                todo.size(), frames.get(), out, files, bytes / 1e6));
        return 0;
    }
}
