// SPDX-License-Identifier: MIT
// `worldmodels dream` with random-initialised V and M on a tiny synthetic episode: both GIFs decode,
// have one frame per dream step plus the start, and the panels' sizes; the dream follows the seed.
package org.worldmodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.worldmodels.data.Checkpoint;
import org.worldmodels.data.EpisodeFile;
import org.worldmodels.log.Log;
import org.worldmodels.memory.Dreamer;
import org.worldmodels.memory.MdnRnn;
import org.worldmodels.vision.ConvVae;

class DreamCommandTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void models() throws Exception {
        Log.setQuiet(true);
        ConvVae vae = new ConvVae(1);
        vae.initDefault(1);
        Checkpoint.save(dir.resolve("vae.npz"), vae.params);
        MdnRnn rnn = new MdnRnn();
        rnn.initDefault(new SplittableRandom(2));
        Checkpoint.save(dir.resolve("rnn.npz"), rnn.params);
        int T = 6;
        byte[] obs = new byte[T * EpisodeFile.FRAME];
        new SplittableRandom(3).nextBytes(obs);
        float[] actions = new float[T * 3];
        for (int t = 0; t < T; t++) { actions[3 * t] = (float) Math.sin(t); actions[3 * t + 1] = 0.5f; }
        EpisodeFile.write(dir.resolve("ep_000007.npz"), new EpisodeFile.Episode("ep_000007.npz", T, obs, actions, new float[T], new boolean[T], 7));
    }

    private static int[] framesAndSize(Path gif) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
            r.setInput(in);
            BufferedImage first = r.read(0);
            return new int[] {r.getNumImages(true), first.getWidth(), first.getHeight()};
        }
    }

    @Test
    void writesRealVersusDreamAndTemperatureGifs() throws Exception {
        Path out = dir.resolve("dreams");
        assertEquals(0, Main.run("dream", "--vae", dir.resolve("vae.npz").toString(), "--rnn", dir.resolve("rnn.npz").toString(),
                "--episode", dir.resolve("ep_000007.npz").toString(), "--out", out.toString(), "--steps", "4", "--scale", "2",
                "--taus", "0.5,1.5"));
        // 4 dream steps + the start frame; panels 128 px wide with 4 px gaps.
        assertArrayEquals(new int[] {5, 2 * 128 + 4, 128}, framesAndSize(out.resolve("ep_000007_tau1.00.gif")));
        assertArrayEquals(new int[] {5, 3 * 128 + 2 * 4, 128}, framesAndSize(out.resolve("ep_000007_taus.gif")));
    }

    @Test
    void controllerActionsAndSeriesStartWork() throws Exception {
        org.worldmodels.control.Controller c = new org.worldmodels.control.Controller();
        c.initDefault(new SplittableRandom(4));
        Checkpoint.save(dir.resolve("controller.npz"), c.params);
        java.util.List<org.worldmodels.data.SeriesFile.Series> s = org.worldmodels.memory.SyntheticSeries.make(1, 6);
        org.worldmodels.data.SeriesFile.write(dir.resolve("series.npz"), s.get(0));
        Path out = dir.resolve("dreams-c");
        assertEquals(0, Main.run("dream", "--vae", dir.resolve("vae.npz").toString(), "--rnn", dir.resolve("rnn.npz").toString(),
                "--episode", dir.resolve("ep_000007.npz").toString(), "--out", out.toString(), "--steps", "3", "--scale", "1",
                "--taus", "1.0", "--controller", dir.resolve("controller.npz").toString(), "--series", dir.resolve("series.npz").toString()));
        assertArrayEquals(new int[] {4, 2 * 64 + 2, 64}, framesAndSize(out.resolve("ep_000007_tau1.00.gif")));
        assertTrue(Files.exists(out.resolve("ep_000007_latent0.png")), "latent plot with --series");
    }

    @Test
    void dreamStartsAtZ0FollowsTheSeedAndSteps() {
        MdnRnn rnn = new MdnRnn();
        rnn.initDefault(new SplittableRandom(2));
        float[] z0 = new float[32];
        z0[3] = 1f;
        Dreamer.Policy still = (t, z, h, a) -> java.util.Arrays.fill(a, 0f);
        float[] a = Dreamer.roll(rnn, z0, 3, 1.0, still, new SplittableRandom(5));
        float[] b = Dreamer.roll(rnn, z0, 3, 1.0, still, new SplittableRandom(5));
        float[] c = Dreamer.roll(rnn, z0, 3, 1.0, still, new SplittableRandom(6));
        assertEquals(4 * 32, a.length);
        assertArrayEquals(z0, java.util.Arrays.copyOf(a, 32));
        assertArrayEquals(a, b);
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
        // Step 1 by hand: one LSTM step from zero state, then the tempered sample with the same generator.
        MdnRnn.StepScratch s = new MdnRnn.StepScratch(1);
        float[] h = new float[256], cell = new float[256], out = new float[480], z1 = new float[32];
        rnn.step(s, 1, z0, new float[3], h, cell, out);
        rnn.sampleNext(1, out, 1.0, new SplittableRandom(5), z1);
        assertArrayEquals(z1, java.util.Arrays.copyOfRange(a, 32, 64));
    }

    @Test
    void missingCheckpointIsAClearError() throws Exception {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(1, Main.run("dream", "--run", dir.resolve("nothing").toString()));
        } finally {
            System.setErr(old);
        }
        String err = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("worldmodels: V's checkpoint " + dir.resolve("nothing/vae/vae.npz")
                + " not found (written by `worldmodels train-vae`; or give its path)\n", err);
        assertTrue(!Files.exists(dir.resolve("nothing")), "nothing written");
    }
}
