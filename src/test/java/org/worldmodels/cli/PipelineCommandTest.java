// SPDX-License-Identifier: MIT
// `pipeline` on the tiny preset through the CLI: every stage's outputs and DONE marker, a rerun that
// skips, a stage killed mid-way that resumes, changed settings refused (and --force), the plan, bad input.
package org.worldmodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.worldmodels.ConsoleCapture;
import org.worldmodels.data.MetricsCsv;
import org.worldmodels.log.Log;

class PipelineCommandTest {
    /** The folders that hold a DONE marker after a full tiny run, in stage order. */
    static final List<String> FOLDERS = List.of("rollouts", "vae", "series", "rnn", "controller", "eval", "eval-random", "dreams");

    @TempDir
    Path dir;

    @BeforeAll
    static void quiet() { Log.setQuiet(true); }

    private static String[] tiny(Path run, String... more) {
        String[] base = {"pipeline", "--preset", "tiny", "--out", run.toString(), "--threads", "2"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /** One tiny run, then: a rerun skips everything; changed settings are refused, then redone with --force. */
    @Test
    void tinyRunsEveryStageThenSkipsAndRefusesChangedSettings() throws Exception {
        Path run = dir.resolve("run");
        String out = ConsoleCapture.stdout(() -> assertEquals(0, Main.run(tiny(run))));
        for (String f : FOLDERS) assertTrue(Files.isRegularFile(run.resolve(f).resolve("DONE")), "no DONE in " + f);
        assertTrue(Files.readString(run.resolve("config.properties")).contains("rnn.steps = 4"), "config.properties lacks rnn.steps = 4");
        assertTrue(out.contains("controller C: ") && out.contains("over 3 unseen tracks (seeds 10000000..10000002)"), out);
        assertTrue(out.contains("random controller: "), out);
        assertTrue(out.contains(run.resolve("dreams").resolve("ep_000000_taus.gif").toString()), "pictures not listed: " + out);
        assertTrue(Files.readString(run.resolve("summary.md")).contains("| train-rnn | "), "summary.md lacks the stage table");
        // The printed mean is the mean of evaluate's own scores.csv.
        double[] r = MetricsCsv.read(run.resolve("eval").resolve("scores.csv")).get("reward");
        double mean = 0;
        for (double x : r) mean += x / r.length;
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "controller C: %.1f +- ", mean)), "mean " + mean + " not in: " + out);

        // A rerun runs nothing: every DONE (holding its finish time) and every rollout stay byte for byte.
        byte[][] before = doneBytes(run);
        byte[] episode = Files.readAllBytes(run.resolve("rollouts").resolve("ep_000000.npz"));
        assertEquals(0, Main.run(tiny(run)));
        assertArrayEqualsByFolder(before, doneBytes(run));
        assertArrayEquals(episode, Files.readAllBytes(run.resolve("rollouts").resolve("ep_000000.npz")));
        // Without --preset the run's own config.properties is the preset: still nothing to do.
        assertEquals(0, Main.run("pipeline", "--out", run.toString()));
        assertArrayEqualsByFolder(before, doneBytes(run));

        String err = ConsoleCapture.stderr(() -> assertEquals(1, Main.run(tiny(run, "--set", "evaluate.episodes=2"))));
        assertTrue(err.contains("stage evaluate") && err.contains("--episodes 3 -> 2") && err.lines().count() == 1, "not one clear line: " + err);
        assertArrayEqualsByFolder(before, doneBytes(run));

        out = ConsoleCapture.stdout(() -> assertEquals(0, Main.run(tiny(run, "--set", "evaluate.episodes=2", "--force"))));
        assertTrue(out.contains("over 2 unseen tracks (seeds 10000000..10000001)"), out);
        assertEquals(2, MetricsCsv.read(run.resolve("eval").resolve("scores.csv")).get("reward").length, "evaluate not redone with 2 episodes");
        byte[][] after = doneBytes(run);
        for (int i = 0; i < FOLDERS.size(); i++) {
            boolean redone = FOLDERS.indexOf("eval") <= i;   // evaluate and every later stage
            assertEquals(redone, !java.util.Arrays.equals(before[i], after[i]), FOLDERS.get(i) + (redone ? " not redone" : " redone"));
        }
    }

    /** train-controller killed after generation 1 of 2 (its own checkpoint, no DONE): the pipeline resumes it. */
    @Test
    void interruptedStageResumesFromItsCheckpoint() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, Main.run(tiny(run, "--until", "train-rnn")));
        assertTrue(Files.exists(run.resolve("rnn").resolve("DONE")));
        assertFalse(Files.exists(run.resolve("controller")), "--until train-rnn ran train-controller");
        // The same command the pipeline runs, stopped after one generation: what a kill leaves behind.
        assertEquals(0, Main.run("train-controller", "--run", run.toString(), "--generations", "1", "--population", "4", "--episodes", "1",
                "--max-steps", "10", "--eval-every", "2", "--eval-episodes", "2", "--seed", "0", "--env", "v0", "--threads", "2"));
        double[] gen1 = MetricsCsv.read(run.resolve("controller").resolve("fitness.csv")).get("best");
        String plan = ConsoleCapture.stdout(() -> assertEquals(0, Main.run(tiny(run, "--dry-run"))));
        assertTrue(plan.matches("(?s).*train-vae +done .*train-controller +resume .*evaluate +todo .*"), plan);

        assertEquals(0, Main.run(tiny(run)));
        Map<String, double[]> fitness = MetricsCsv.read(run.resolve("controller").resolve("fitness.csv"));
        assertArrayEquals(new double[] {1, 2}, fitness.get("gen"), "generations in fitness.csv after the resume");
        assertEquals(gen1[0], fitness.get("best")[0], "generation 1 was rerun instead of resumed");
        for (String f : FOLDERS) assertTrue(Files.isRegularFile(run.resolve(f).resolve("DONE")), "no DONE in " + f);
    }

    @Test
    void dryRunPrintsThePlanAndPaperItsEstimate() throws Exception {
        Path run = dir.resolve("paper");
        String out = ConsoleCapture.stdout(() -> assertEquals(0, Main.run("pipeline", "--preset", "paper", "--out", run.toString(), "--dry-run")));
        assertFalse(Files.exists(run), "--dry-run created the run folder");
        // 10,000 rollouts x 1,000 steps, 10 VAE epochs: the paper's settings, with the time of each.
        assertTrue(out.contains("10,000,000 env steps") && out.contains("100,000,000 images") && out.contains("total about"), out);
        assertTrue(out.contains("--episodes 10000") && out.contains("--population 64 --episodes 16"), out);
        assertTrue(out.matches("(?s).*generate +todo .*dream +todo .*"), out);
        String quick = ConsoleCapture.stdout(() -> assertEquals(0, Main.run("pipeline", "--preset", "quick", "--out", run.toString(), "--dry-run")));
        assertTrue(quick.contains("plan for") && quick.contains("--episodes 160"), quick);
    }

    @Test
    void configFileAndFlagsOverThePreset() throws Exception {
        Path file = dir.resolve("my.properties");
        Files.writeString(file, "# mine\npreset = tiny\nrnn.steps = 3\ncontroller.generations=5\n");
        String out = ConsoleCapture.stdout(() -> assertEquals(0, Main.run("pipeline", "--config", file.toString(), "--out", dir.resolve("r").toString(),
                "--set", "controller.generations=7", "--seed", "5", "--dry-run")));
        assertTrue(out.contains("train-rnn") && out.contains("--steps 3 "), out);
        assertTrue(out.contains("--generations 7 ") && out.contains("--seed 5 "), out);
        assertTrue(out.contains("--batch 2 "), "tiny's rnn.batch not kept: " + out);
    }

    @Test
    void badInputIsOneLine() throws Exception {
        String err = ConsoleCapture.stderr(() -> assertEquals(1, Main.run("pipeline", "--config", dir.resolve("missing.properties").toString())));
        assertEquals("worldmodels: no such file: " + dir.resolve("missing.properties"), err.strip());
        err = ConsoleCapture.stderr(() -> assertEquals(1, Main.run("pipeline", "--preset", "tiny", "--set", "rnn.stepz=3", "--dry-run")));
        assertTrue(err.strip().startsWith("worldmodels: unknown setting 'rnn.stepz'; keys like it: rnn.steps") && err.strip().lines().count() == 1, err);
        err = ConsoleCapture.stderr(() -> assertEquals(2, Main.run("pipeline", "--preset", "huge", "--dry-run")));
        assertTrue(err.contains("--preset must be one of tiny, quick, paper") && err.strip().lines().count() == 1, err);
        err = ConsoleCapture.stderr(() -> assertEquals(1, Main.run("pipeline", "--preset", "tiny", "--set", "rnn.steps=many", "--out", dir.resolve("x").toString())));
        assertTrue(err.contains("worldmodels: ") && err.strip().lines().count() == 1, err);
        err = ConsoleCapture.stderr(() -> assertEquals(2, Main.run("pipeline", "--preset", "tiny", "--until", "nothing", "--dry-run")));
        assertTrue(err.contains("no stage 'nothing'"), err);
        // A run folder that cannot be created (its parent is a file): one line naming it.
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        err = ConsoleCapture.stderr(() -> assertEquals(1, Main.run("pipeline", "--preset", "tiny", "--out", blocker.resolve("run").toString())));
        assertTrue(err.startsWith("worldmodels: ") && err.contains(blocker.toString()) && err.strip().lines().count() == 1, err);
    }

    private static byte[][] doneBytes(Path run) throws Exception {
        byte[][] b = new byte[FOLDERS.size()][];
        for (int i = 0; i < b.length; i++) b[i] = Files.readAllBytes(run.resolve(FOLDERS.get(i)).resolve("DONE"));
        return b;
    }

    private static void assertArrayEqualsByFolder(byte[][] expected, byte[][] actual) {
        for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], actual[i], FOLDERS.get(i) + "/DONE changed: the stage ran again");
    }
}
