// SPDX-License-Identifier: MIT
// generate, train-vae and encode on tiny settings through the CLI: the files they write, a resumed
// train-vae equal to an unbroken one, encode equal to ConvVae.encode, and bad input as one clear line.
package org.worldmodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.worldmodels.data.Checkpoint;
import org.worldmodels.data.EpisodeFile;
import org.worldmodels.data.MetricsCsv;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;
import org.worldmodels.data.SeriesFile;
import org.worldmodels.log.Log;
import org.worldmodels.vision.ConvVae;
import org.worldmodels.vision.SyntheticEpisodes;

class VisionCommandsTest {
    /** encode runs the same kernels on the same batch of 3 frames: equal to the float. */
    static final float ENCODE_TOLERANCE = 0f;

    @TempDir
    Path dir;

    @BeforeAll
    static void quiet() { Log.setQuiet(true); }

    private static String[] trainArgs(Path run, Path rollouts, String... more) {
        String[] base = {"train-vae", "--run", run.toString(), "--rollouts", rollouts.toString(), "--batch", "4", "--buffer", "6",
            "--held-out", "1", "--seed", "2", "--lr", "1e-3"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void generateWritesEpisodesAndResumes() throws Exception {
        Path run = dir.resolve("g");
        assertEquals(0, Main.run("generate", "--run", run.toString(), "--episodes", "2", "--max-steps", "5", "--threads", "2"));
        EpisodeFile.Episode e = EpisodeFile.read(run.resolve("rollouts/ep_000001.npz"));
        assertEquals(5, e.length());
        byte[] before = Files.readAllBytes(run.resolve("rollouts/ep_000000.npz"));
        assertEquals(0, Main.run("generate", "--run", run.toString(), "--episodes", "3", "--max-steps", "5", "--threads", "1"));
        assertArrayEquals(before, Files.readAllBytes(run.resolve("rollouts/ep_000000.npz")));
        assertTrue(Files.exists(run.resolve("rollouts/ep_000002.npz")));
    }

    @Test
    void trainVaeResumesExactlyAndEncodeMatchesTheModel() throws Exception {
        Path rollouts = dir.resolve("rollouts");
        SyntheticEpisodes.write(rollouts, 3, 2, 3, 2);   // last one held out: 8 training frames, 2 steps per epoch
        Path unbroken = dir.resolve("a"), broken = dir.resolve("b");
        assertEquals(0, Main.run(trainArgs(unbroken, rollouts, "--epochs", "2")));
        for (String f : new String[] {"vae.npz", "vae.optim.npz", "vae.trainer.npz", "metrics.csv", "loss.png", "recon_epoch_01.png", "recon_epoch_02.png"}) {
            assertTrue(Files.exists(unbroken.resolve("vae").resolve(f)), f);
        }
        Map<String, double[]> m = MetricsCsv.read(unbroken.resolve("vae/metrics.csv"));
        double[] step = m.get("step");
        assertEquals(4.0, step[step.length - 1], "2 epochs of 2 steps");
        assertTrue(!Double.isNaN(m.get("heldout_total")[0]) && !Double.isNaN(m.get("heldout_total")[step.length - 1]), "held-out loss at start and end");

        assertEquals(0, Main.run(trainArgs(broken, rollouts, "--epochs", "2", "--steps", "3")));
        assertEquals(0, Main.run(trainArgs(broken, rollouts, "--epochs", "2")));
        Map<String, NpyArray> a = Npy.readNpz(unbroken.resolve("vae/vae.npz")), b = Npy.readNpz(broken.resolve("vae/vae.npz"));
        for (String k : a.keySet()) assertArrayEquals(a.get(k).asFloats(), b.get(k).asFloats(), k + " after 3 + 1 steps vs 4");
        assertArrayEquals(m.get("total"), MetricsCsv.read(broken.resolve("vae/metrics.csv")).get("total"), "metrics rows of the resumed run");

        // encode: series equal to ConvVae.encode of the frames, copied actions; a rerun keeps the files.
        assertEquals(0, Main.run("encode", "--run", unbroken.toString(), "--rollouts", rollouts.toString(), "--batch", "4"));
        ConvVae vae = new ConvVae(4);
        Checkpoint.load(unbroken.resolve("vae/vae.npz"), vae.params);
        EpisodeFile.Episode ep = EpisodeFile.read(rollouts.resolve("ep_000002.npz"));
        float[] x = new float[3 * ConvVae.PIXELS], mu = new float[3 * 32], logVar = new float[3 * 32];
        for (int t = 0; t < 3; t++) ep.frameChw(t, x, t * ConvVae.PIXELS);
        vae.encode(3, x, mu, logVar);
        SeriesFile.Series s = SeriesFile.read(unbroken.resolve("series/ep_000002.npz"));
        assertClose(mu, s.mu(), "mu");
        assertClose(logVar, s.logVar(), "logvar");
        assertArrayEquals(ep.action(), s.action());
        assertEquals(ep.seed(), s.seed());
        long mtime = Files.getLastModifiedTime(unbroken.resolve("series/ep_000002.npz")).toMillis();
        assertEquals(0, Main.run("encode", "--run", unbroken.toString(), "--rollouts", rollouts.toString(), "--batch", "4"));
        assertEquals(mtime, Files.getLastModifiedTime(unbroken.resolve("series/ep_000002.npz")).toMillis(), "encoded files are kept");
    }

    private static void assertClose(float[] want, float[] got, String what) {
        int worst = 0;
        for (int i = 0; i < want.length; i++) if (Math.abs(want[i] - got[i]) > Math.abs(want[worst] - got[worst])) worst = i;
        assertTrue(Math.abs(want[worst] - got[worst]) <= ENCODE_TOLERANCE * Math.max(1, Math.abs(want[worst])),
                what + " worst at " + worst + ": ConvVae.encode " + want[worst] + ", file " + got[worst]);
    }

    @Test
    void badInputIsNamedOrSkipped() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        String err = runErr(trainArgs(dir.resolve("r1"), empty, "--epochs", "1"));
        assertTrue(err.contains("is empty") && err.lines().count() == 1, err);

        Path rollouts = dir.resolve("rollouts");
        SyntheticEpisodes.write(rollouts, 3, 2, 3, 2);
        SyntheticEpisodes.truncate(rollouts.resolve("ep_000001.npz"));
        err = runErr(0, trainArgs(dir.resolve("r2"), rollouts, "--epochs", "1"));
        assertTrue(err.contains("warning: skipping unreadable rollout") && err.contains("ep_000001.npz"), err);
        assertEquals(2.0, last(MetricsCsv.read(dir.resolve("r2/vae/metrics.csv")).get("step")), "6 frames of 2 readable files: 2 steps");

        // A checkpoint of another architecture: c1 with 16 filters instead of 32.
        Map<String, NpyArray> wrong = new LinkedHashMap<>(Npy.readNpz(dir.resolve("r2/vae/vae.npz")));
        wrong.put("c1.weight", NpyArray.ofFloats(new float[16 * 3 * 4 * 4], 16, 3, 4, 4));
        Npy.writeNpz(dir.resolve("wrong.npz"), wrong, false);
        err = runErr(trainArgs(dir.resolve("r3"), rollouts, "--epochs", "1", "--init", dir.resolve("wrong.npz").toString()));
        assertTrue(err.contains("c1.weight") && err.contains("(16,3,4,4)") && err.contains("(32,3,4,4)"), err);
        err = runErr(new String[] {"encode", "--run", dir.resolve("r3").toString(), "--rollouts", rollouts.toString(), "--vae", dir.resolve("wrong.npz").toString()});
        assertTrue(err.contains("c1.weight"), err);
    }

    private static double last(double[] v) { return v[v.length - 1]; }

    private static String runErr(String[] args) { return runErr(1, args); }

    /** Runs the CLI expecting exit code {@code code}; returns what it printed on stderr. */
    private static String runErr(int code, String[] args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(code, Main.run(args), "exit code");
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
