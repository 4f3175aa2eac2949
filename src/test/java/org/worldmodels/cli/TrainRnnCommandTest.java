// SPDX-License-Identifier: MIT
// `worldmodels train-rnn` on tiny synthetic series: the files it writes, a resumed run equal to an
// unbroken one (bit-exact checkpoint), --epochs, and bad input refused with one clear line.
package org.worldmodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.worldmodels.data.MetricsCsv;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;
import org.worldmodels.log.Log;
import org.worldmodels.memory.SyntheticSeries;

class TrainRnnCommandTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void quiet() { Log.setQuiet(true); }

    private Path series(String name, int... lengths) throws Exception {
        Path s = dir.resolve(name);
        Files.createDirectories(s);
        SyntheticSeries.write(s, SyntheticSeries.make(9, lengths));
        return s;
    }

    private static String[] args(Path run, Path series, String... more) {
        String[] base = {"train-rnn", "--run", run.toString(), "--series", series.toString(), "--batch", "2", "--seq-len", "5",
            "--eval-every", "2", "--checkpoint-every", "2", "--held-out", "0.25", "--seed", "3"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void writesCheckpointMetricsPlotAndResumesBitExactly() throws Exception {
        Path s = series("series", 8, 9, 7, 8);
        Path unbroken = dir.resolve("a"), broken = dir.resolve("b");
        assertEquals(0, Main.run(args(unbroken, s, "--steps", "4")));
        for (String f : new String[] {"rnn.npz", "rnn.optim.npz", "rnn.trainer.npz", "metrics.csv", "loss.png", "nll_per_dim.csv"}) {
            assertTrue(Files.exists(unbroken.resolve("rnn").resolve(f)), f);
        }
        Map<String, double[]> m = MetricsCsv.read(unbroken.resolve("rnn/metrics.csv"));
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, m.get("step"));
        assertTrue(Double.isNaN(m.get("heldout_nll")[1]) && !Double.isNaN(m.get("heldout_nll")[2]), "held-out NLL every 2 steps");

        assertEquals(0, Main.run(args(broken, s, "--steps", "2")));
        assertEquals(0, Main.run(args(broken, s, "--steps", "4")));
        Map<String, NpyArray> a = Npy.readNpz(unbroken.resolve("rnn/rnn.npz")), b = Npy.readNpz(broken.resolve("rnn/rnn.npz"));
        for (String k : a.keySet()) assertArrayEquals(a.get(k).asFloats(), b.get(k).asFloats(), k + " after 2 + 2 steps vs 4");
        assertArrayEquals(m.get("train_nll"), MetricsCsv.read(broken.resolve("rnn/metrics.csv")).get("train_nll"), "metrics rows of the resumed run");
        assertEquals(4L, Npy.readNpz(broken.resolve("rnn/rnn.optim.npz")).get("step").asLongs()[0]);
    }

    @Test
    void epochsCountBatchesOfTheTrainingEpisodes() throws Exception {
        Path s = series("series", 8, 9, 7, 8, 9, 6, 7, 8);
        Path run = dir.resolve("e");
        // 8 episodes, 2 held out, 6 train in batches of 2: 3 steps per epoch.
        assertEquals(0, Main.run(args(run, s, "--epochs", "2")));
        double[] steps = MetricsCsv.read(run.resolve("rnn/metrics.csv")).get("step");
        assertEquals(6.0, steps[steps.length - 1]);
    }

    @Test
    void badInputIsOneClearLineAndWritesNothing() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path run = dir.resolve("r");
        String err = runErr(args(run, empty, "--steps", "1"));
        assertEquals("worldmodels: series folder " + empty + " is empty (no ep_*.npz files)\n", err);
        Path s = series("bad", 8, 8);
        Map<String, NpyArray> arrays = Npy.readNpz(s.resolve("ep_000001.npz"));
        float[] mu = arrays.get("mu").asFloats();
        mu[3 * 32 + 7] = Float.NaN;
        arrays.put("mu", NpyArray.ofFloats(mu, 8, 32));
        Npy.writeNpz(s.resolve("ep_000001.npz"), arrays, true);
        err = runErr(args(run, s, "--steps", "1"));
        assertEquals("worldmodels: series ep_000001.npz: mu[3][7] is NaN (non-finite values are not allowed)\n", err);
        assertTrue(!Files.exists(run.resolve("rnn")), "nothing written");
    }

    private static String runErr(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(1, Main.run(args));
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
