// SPDX-License-Identifier: MIT
// `worldmodels pipeline`: every stage in order (generate, train-vae, encode, train-rnn, train-controller,
// evaluate, baseline, dream) into one run folder; complete stages are skipped, an interrupted one resumes.
package org.worldmodels.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.worldmodels.control.ControllerEvolution;
import org.worldmodels.data.AtomicFiles;
import org.worldmodels.data.MetricsCsv;
import org.worldmodels.kernel.Parallel;
import org.worldmodels.log.Log;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pipeline", mixinStandardHelpOptions = true,
        header = "Runs every stage in order into one run folder: the command a new user runs.",
        description = {"Stages: generate, train-vae, encode, train-rnn, train-controller, evaluate, "
            + "baseline (a random controller on the same tracks), dream. Writes RUN/config.properties "
            + "first; a stage that finished leaves RUN/<folder>/DONE (its settings and time) and is "
            + "skipped next time; an interrupted stage resumes from its own checkpoint. Ends with "
            + "the evaluation and RUN/summary.md.",
            "Presets: quick (<= 30 min on 2 cores), paper, tiny (seconds, for tests). See docs/pipeline.md."})
public final class PipelineCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--preset", paramLabel = "tiny|quick|paper",
            description = "settings to start from (default: the run's own config.properties if RUN has one, else quick)")
    String preset;
    @Option(names = {"--out", "--run"}, paramLabel = "RUN", description = "run folder (default: runs/<preset>)")
    Path run;
    @Option(names = "--config", paramLabel = "FILE", description = "read settings from this .properties file (over the preset)")
    Path config;
    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "one setting over the preset and config, e.g. --set rnn.steps=500 (repeatable)")
    List<String> sets = new ArrayList<>();
    @Option(names = "--seed", paramLabel = "S", description = "run seed (the setting 'seed')")
    Long seed;
    @Option(names = "--threads", paramLabel = "N", description = "threads of every stage (default: all cores)")
    Integer threads;
    @Option(names = "--until", paramLabel = "STAGE", description = "stop after this stage (e.g. train-rnn)")
    String until;
    @Option(names = "--force", description = "redo stages whose settings changed (deleting their outputs and the later stages'), and ignore the disk check")
    boolean force;
    @Option(names = "--dry-run", description = "print the plan (stages, settings, estimated time and disk) and exit")
    boolean dryRun;
    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    /** One stage: its name, its output folder under RUN (which holds DONE), the command and its options. */
    private record Stage(String name, String folder, Supplier<Callable<Integer>> command, List<String> args, boolean threads, int number, int of) {
        Stage(String name, String folder, Supplier<Callable<Integer>> command, List<String> args, boolean threads) {
            this(name, folder, command, args, threads, 0, 0);
        }
    }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        if (threads != null && threads < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 1, got " + threads);
        RunConfig cfg = settings();
        Path dir = run != null ? run : Path.of("runs", cfg.preset);
        List<Stage> stages = stages(cfg, dir);
        if (until != null && stages.stream().noneMatch(s -> s.name.equals(until))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--until: no stage '" + until + "'; stages: "
                    + String.join(", ", stages.stream().map(Stage::name).toList()));
        }
        Estimate est = Estimate.of(cfg, threads != null ? threads : Runtime.getRuntime().availableProcessors());
        if (dryRun || !cfg.preset.equals("tiny")) System.out.print(est.describe());
        List<String> status = plan(stages, dir);
        if (dryRun) {
            System.out.println("plan for " + dir + " (preset " + cfg.preset + "):");
            for (int i = 0; i < stages.size(); i++) {
                System.out.println(String.format(Locale.ROOT, "  %-17s %-8s worldmodels %s --run %s %s", stages.get(i).name, status.get(i),
                        stages.get(i).name.equals("baseline") ? "evaluate" : stages.get(i).name, dir, String.join(" ", stages.get(i).args)));
            }
            return 0;
        }
        if (status.contains("changed") && !force) {
            int i = status.indexOf("changed");
            throw new IllegalArgumentException("stage " + stages.get(i).name + " in " + dir + " ran with other settings ("
                    + differences(stages.get(i), dir) + "); use the same settings, another --out, or --force to redo it and the later stages");
        }
        checkDisk(dir, est);
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("config.properties"), cfg.toProperties());
        if (threads != null) {
            Parallel.setThreads(threads);   // the kernels of stages without a --threads option (dream)
            System.setProperty("worldmodels.threads", Integer.toString(threads));
        }
        Log.info("pipeline: preset " + cfg.preset + " into " + dir + " (settings in " + dir.resolve("config.properties") + ")");

        boolean redoRest = false;
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            Path folder = dir.resolve(s.folder);
            if (status.get(i).equals("changed") || redoRest && Files.exists(folder)) {
                // --force: this stage's settings changed, so its outputs and everything built on them are stale.
                Log.info("pipeline: " + s.name + ": settings changed; deleting " + folder + " and redoing it");
                deleteTree(folder);
                redoRest = true;
            } else if (status.get(i).equals("done")) {
                Log.info("pipeline: " + s.name + ": done before (" + folder.resolve("DONE") + "), skipped");
                if (s.name.equals(until)) break;
                continue;
            }
            runStage(s, dir, folder);
            if (s.name.equals(until)) break;
        }
        if (until != null && !until.equals("dream") && !until.equals("baseline")) {
            Log.info("pipeline: stopped after " + until + " (--until)");
            return 0;
        }
        summarize(dir, cfg, stages, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** The preset, then the run's own config.properties or --config, then --set and --seed. */
    private RunConfig settings() throws IOException {
        Path existing = run != null ? run.resolve("config.properties") : null;
        Path file = config != null ? config : existing != null && Files.isRegularFile(existing) ? existing : null;
        String filePreset = file != null ? RunConfig.presetOf(file) : null;
        String name = preset != null ? preset : filePreset != null ? filePreset : "quick";
        if (!RunConfig.PRESETS.contains(name)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--preset must be one of " + String.join(", ", RunConfig.PRESETS) + ", got " + name);
        }
        RunConfig cfg = new RunConfig(name);
        if (file != null) {
            if (preset != null && filePreset != null && !preset.equals(filePreset) && config == null) {
                if (!force) {
                    throw new IllegalArgumentException(run + " holds a run of preset " + filePreset + "; give --preset " + filePreset
                            + " (or none) to continue it, another --out, or --force to start it again as " + preset);
                }
            } else {
                cfg.overlay(file);
            }
        }
        for (String kv : sets) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new CommandLine.ParameterException(spec.commandLine(), "--set wants KEY=VALUE, got '" + kv + "'");
            cfg.set(kv.substring(0, eq).trim(), kv.substring(eq + 1));
        }
        if (seed != null) cfg.set("seed", Long.toString(seed));
        return cfg;
    }

    /** The stages with their options built from the settings (the stage commands themselves check the values). */
    private static List<Stage> stages(RunConfig c, Path dir) {
        List<String> seedEnv = List.of("--seed", c.get("seed"), "--env", c.get("env"));
        List<Stage> s = new ArrayList<>();
        s.add(new Stage("generate", "rollouts", GenerateCommand::new, join(dir, c.options("generate"), seedEnv), true));
        s.add(new Stage("train-vae", "vae", TrainVaeCommand::new, join(dir, c.options("vae"), List.of("--seed", c.get("seed"))), true));
        s.add(new Stage("encode", "series", EncodeCommand::new, join(dir, c.options("encode"), List.of()), true));
        s.add(new Stage("train-rnn", "rnn", TrainRnnCommand::new, join(dir, c.options("rnn"), List.of("--seed", c.get("seed"))), true));
        s.add(new Stage("train-controller", "controller", TrainControllerCommand::new, join(dir, c.options("controller"), seedEnv), true));
        s.add(new Stage("evaluate", "eval", EvaluateCommand::new, join(dir, c.options("evaluate"), seedEnv), true));
        if (c.getBoolean("pipeline.baseline")) {
            s.add(new Stage("baseline", "eval-random", EvaluateCommand::new,
                    join(dir, c.options("evaluate"), seedEnv, List.of("--random", "--no-gifs")), true));
        }
        s.add(new Stage("dream", "dreams", DreamCommand::new, join(dir, c.options("dream"), List.of("--seed", c.get("seed"),
                "--controller", dir.resolve("controller").resolve("best.npz").toString())), false));
        List<Stage> numbered = new ArrayList<>();
        for (Stage x : s) numbered.add(new Stage(x.name, x.folder, x.command, x.args, x.threads, numbered.size() + 1, s.size()));
        return numbered;
    }

    @SafeVarargs
    private static List<String> join(Path dir, List<String>... parts) {
        List<String> args = new ArrayList<>();
        for (List<String> p : parts) args.addAll(p);
        return args;
    }

    /** Per stage: "done" (DONE with these settings), "changed" (DONE or STARTED with others), "resume" (started), "todo". */
    private static List<String> plan(List<Stage> stages, Path dir) throws IOException {
        List<String> status = new ArrayList<>();
        for (Stage s : stages) {
            Path done = dir.resolve(s.folder).resolve("DONE"), started = dir.resolve(s.folder).resolve("STARTED");
            if (Files.isRegularFile(done)) status.add(argsOf(done).equals(key(s, dir)) ? "done" : "changed");
            else if (Files.isRegularFile(started)) status.add(argsOf(started).equals(key(s, dir)) ? "resume" : "changed");
            else status.add(Files.isDirectory(dir.resolve(s.folder)) ? "resume" : "todo");
        }
        return status;
    }

    /** The stage's options as DONE records them: the run folder written as RUN, so a moved folder still matches. */
    private static String key(Stage s, Path dir) {
        return String.join(" ", s.args).replace(dir.toString(), "RUN");
    }

    private static String argsOf(Path done) throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(done)) {
            p.load(r);
        }
        return p.getProperty("args", "");
    }

    /** The options that differ between a stage's DONE (or STARTED) file and now, "--x a -> b". */
    private static String differences(Stage s, Path dir) throws IOException {
        Path done = dir.resolve(s.folder).resolve("DONE");
        List<String> then = List.of(argsOf(Files.exists(done) ? done : dir.resolve(s.folder).resolve("STARTED")).split(" "));
        List<String> diff = new ArrayList<>();
        for (int i = 0; i + 1 < s.args.size(); i += 2) {
            String opt = s.args.get(i), now = s.args.get(i + 1).replace(dir.toString(), "RUN");
            int j = then.indexOf(opt);
            String was = j >= 0 && j + 1 < then.size() ? then.get(j + 1) : "(none)";
            if (!now.equals(was)) diff.add(opt + " " + was + " -> " + now);
        }
        return diff.isEmpty() ? "options " + String.join(" ", then) : String.join(", ", diff);
    }

    /** Runs the stage command in this JVM (so exceptions reach Main as one line), then writes DONE atomically. */
    private void runStage(Stage s, Path dir, Path folder) throws Exception {
        List<String> args = new ArrayList<>(List.of("--run", dir.toString()));
        args.addAll(s.args);
        if (threads != null && s.threads) args.addAll(List.of("--threads", threads.toString()));
        Log.info("pipeline: " + s.name + " (stage " + s.number + " of " + s.of + "): worldmodels " + (s.name.equals("baseline") ? "evaluate" : s.name) + " " + String.join(" ", args));
        // STARTED holds the options of a stage under way, so that an interrupted stage is resumed only with the same ones.
        AtomicFiles.writeString(folder.resolve("STARTED"), "# written by `worldmodels pipeline` when the stage started\nstage=" + s.name
                + "\nargs=" + key(s, dir) + "\n");
        Callable<Integer> command = s.command.get();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        long t0 = System.nanoTime(), cpu0 = processCpuNanos();
        int rc = command.call();
        double seconds = (System.nanoTime() - t0) / 1e9, cpu = (processCpuNanos() - cpu0) / 1e9;
        if (rc != 0) throw new IllegalStateException("stage " + s.name + " failed (exit code " + rc + ")");
        String text = "# written by `worldmodels pipeline` when the stage finished; delete it to run the stage again\n"
                + "stage=" + s.name + "\nargs=" + key(s, dir) + "\nseconds=" + String.format(Locale.ROOT, "%.1f", seconds)
                + "\ncpu_seconds=" + String.format(Locale.ROOT, "%.1f", cpu)
                + "\nthreads=" + (threads != null ? threads : Runtime.getRuntime().availableProcessors())
                + "\nfinished=" + Instant.now() + "\n";
        AtomicFiles.writeString(folder.resolve("DONE"), text);
        Files.deleteIfExists(folder.resolve("STARTED"));
        Log.info(String.format(Locale.ROOT, "pipeline: %s: finished in %s (%s of CPU)", s.name, Estimate.duration(seconds), Estimate.duration(cpu)));
    }

    /** CPU time of the whole JVM (all threads, GC included): what a stage costs whatever else the machine runs. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** Refuses to start when the estimated disk use exceeds the free space of RUN's file system. */
    private void checkDisk(Path dir, Estimate est) throws IOException {
        Path probe = dir.toAbsolutePath();
        while (probe != null && !Files.exists(probe)) probe = probe.getParent();
        if (probe == null) return;
        long free = Files.getFileStore(probe).getUsableSpace();
        if (est.diskBytes() > free && !force) {
            throw new IOException(String.format(Locale.ROOT, "not enough disk: the run needs about %.1f GB, %s has %.1f GB free (free some, choose another --out, or --force)",
                    est.diskBytes() / 1e9, probe, free / 1e9));
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    /** Prints the evaluation (and the baseline) with the seeds, lists the pictures, writes RUN/summary.md. */
    private static void summarize(Path dir, RunConfig cfg, List<Stage> stages, double seconds) throws IOException {
        StringBuilder md = new StringBuilder("# World Models run: " + dir + "\n\n");
        md.append("Preset `").append(cfg.preset).append("`; settings in `config.properties`. Made by `worldmodels pipeline`.\n\n");
        String result = scoreLine(dir.resolve("eval").resolve("scores.csv"), "controller C");
        String baseline = Files.exists(dir.resolve("eval-random").resolve("scores.csv"))
                ? scoreLine(dir.resolve("eval-random").resolve("scores.csv"), "random controller") : null;
        md.append("## Evaluation\n\n- ").append(result).append("\n");
        if (baseline != null) md.append("- ").append(baseline).append("\n");
        md.append("\n## Stages\n\n| stage | time | CPU time | command |\n|---|---|---|---|\n");
        for (Stage s : stages) {
            Path done = dir.resolve(s.folder).resolve("DONE");
            if (!Files.exists(done)) continue;
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(done)) {
                p.load(r);
            }
            md.append("| ").append(s.name).append(" | ").append(Estimate.duration(Double.parseDouble(p.getProperty("seconds", "0"))))
                    .append(" | ").append(Estimate.duration(Double.parseDouble(p.getProperty("cpu_seconds", "0"))))
                    .append(" | `worldmodels ").append(s.name.equals("baseline") ? "evaluate" : s.name).append(" ")
                    .append(p.getProperty("args")).append("` |\n");
        }
        List<Path> pictures = pictures(dir);
        md.append("\n## Pictures\n\n");
        for (Path p : pictures) {
            String rel = dir.relativize(p).toString();
            md.append(rel.endsWith(".png") || rel.endsWith(".gif") ? "![" + rel + "](" + rel + ")\n\n" : "");
        }
        AtomicFiles.writeString(dir.resolve("summary.md"), md.toString());
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "pipeline: %s finished (%s this time)", dir, Estimate.duration(seconds)));
        System.out.println("  " + result);
        if (baseline != null) System.out.println("  " + baseline);
        System.out.println("  pictures:");
        for (Path p : pictures) System.out.println("    " + p);
        System.out.println("  summary: " + dir.resolve("summary.md"));
    }

    /** "controller C: 512.3 +- 120.1 over 20 tracks (seeds 10000000..10000019)" from evaluate's scores.csv. */
    private static String scoreLine(Path scores, String label) throws IOException {
        Map<String, double[]> cols = MetricsCsv.read(scores);
        double[] r = cols.get("reward"), seedCol = cols.get("seed");
        double mean = ControllerEvolution.meanOf(r), std = ControllerEvolution.stdOf(r, mean);
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (double s : seedCol) {
            lo = Math.min(lo, (long) s);
            hi = Math.max(hi, (long) s);
        }
        return String.format(Locale.ROOT, "%s: %.1f +- %.1f over %d unseen tracks (seeds %d..%d)", label, mean, std, r.length, lo, hi);
    }

    /** The plots and GIFs of the run, stage by stage. */
    private static List<Path> pictures(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String folder : List.of("vae", "rnn", "controller", "eval", "eval-random", "dreams")) {
            Path f = dir.resolve(folder);
            if (!Files.isDirectory(f)) continue;
            try (Stream<Path> st = Files.list(f)) {
                st.filter(p -> p.toString().endsWith(".png") || p.toString().endsWith(".gif")).sorted().forEach(out::add);
            }
        }
        return out;
    }
}
