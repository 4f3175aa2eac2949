// SPDX-License-Identifier: MIT
// `train-controller` and `evaluate` on tiny settings with random V and M: the files they write, resume
// equals an unbroken run, and bad input gives one-line errors.
package org.worldmodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.worldmodels.ConsoleCapture;
import org.worldmodels.data.Checkpoint;
import org.worldmodels.data.MetricsCsv;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;
import org.worldmodels.log.Log;
import org.worldmodels.memory.MdnRnn;
import org.worldmodels.vision.ConvVae;

class ControllerCommandsTest {
    @TempDir
    static Path run;

    /** Tiny search: 4 candidates x 1 episode of 5 steps, the mean scored every 2 generations on 2 episodes. */
    static final String[] TINY = {"--population", "4", "--episodes", "1", "--max-steps", "5", "--eval-every", "2",
            "--eval-episodes", "2", "--threads", "2", "--envs-per-worker", "2", "--seed", "3"};

    @BeforeAll
    static void randomModels() throws Exception {
        Log.setQuiet(true);
        ConvVae vae = new ConvVae(1);
        vae.initDefault(5);
        Checkpoint.save(run.resolve("vae").resolve("vae.npz"), vae.params);
        MdnRnn rnn = new MdnRnn();
        rnn.initDefault(new SplittableRandom(6));
        Checkpoint.save(run.resolve("rnn").resolve("rnn.npz"), rnn.params);
    }

    static String[] args(String command, String out, int generations) {
        return Stream.concat(Stream.of(command, "--run", run.toString(), "--out", run.resolve(out).toString(),
                "--generations", Integer.toString(generations)), Stream.of(TINY)).toArray(String[]::new);
    }

    @Test
    void aResumedSearchEqualsAnUnbrokenOne() throws Exception {
        assertEquals(0, Main.run(args("train-controller", "unbroken", 3)));
        assertEquals(0, Main.run(args("train-controller", "broken", 2)));   // "crash" after generation 2
        assertEquals(0, Main.run(args("train-controller", "broken", 3)));   // resume
        Path a = run.resolve("unbroken"), b = run.resolve("broken");
        Map<String, double[]> fa = MetricsCsv.read(a.resolve("fitness.csv")), fb = MetricsCsv.read(b.resolve("fitness.csv"));
        assertArrayEquals(new double[] {1, 2, 3}, fa.get("gen"));
        for (String col : List.of("gen", "best", "mean", "worst", "sigma", "evals")) assertArrayEquals(fa.get(col), fb.get(col), col);
        // the mean is scored at generations 2 (eval-every) and 3 (the last)
        assertArrayEquals(new double[] {2, 3}, MetricsCsv.read(a.resolve("eval.csv")).get("gen"));
        assertArrayEquals(MetricsCsv.read(a.resolve("eval.csv")).get("mean"), MetricsCsv.read(b.resolve("eval.csv")).get("mean"));
        Map<String, NpyArray> sa = Npy.readNpz(a.resolve("cmaes.npz")), sb = Npy.readNpz(b.resolve("cmaes.npz"));
        for (String key : List.of("mean", "C", "sigma", "rng_state", "generation")) {
            assertEquals(sa.get(key).toString(), sb.get(key).toString(), key);
        }
        assertArrayEquals(sa.get("mean").asDoubles(), sb.get("mean").asDoubles());
        // (the .npz bytes differ in the zip entries' times, so compare the arrays)
        assertArrayEquals(Npy.readNpz(a.resolve("best.npz")).get("fc.weight").asFloats(),
                Npy.readNpz(b.resolve("best.npz")).get("fc.weight").asFloats());
        assertTrue(Files.size(a.resolve("fitness.png")) > 1000);
        assertTrue(Files.exists(a.resolve("mean.npz")));

        // resuming with other settings is refused, naming the setting
        String[] other = args("train-controller", "broken", 4);
        other[other.length - 1] = "4";   // --seed 3 -> 4
        String err = ConsoleCapture.stderr(() -> assertEquals(1, Main.run(other)));
        assertTrue(err.contains("seed 3 -> 4") && err.lines().count() == 1, err);
    }

    @Test
    void evaluateWritesScoresHistogramAndGifs() throws Exception {
        Path out = run.resolve("eval-random");
        String out1 = ConsoleCapture.stdout(() -> assertEquals(0, Main.run("evaluate", "--run", run.toString(), "--random", "--episodes", "3",
                "--max-steps", "6", "--threads", "2", "--envs-per-worker", "2", "--out", out.toString())));
        assertTrue(out1.contains("over 3 episodes on evaluation track seeds 10000000..10000002"), out1);
        Map<String, double[]> scores = MetricsCsv.read(out.resolve("scores.csv"));
        assertArrayEquals(new double[] {10000000, 10000001, 10000002}, scores.get("seed"));
        assertTrue(Files.size(out.resolve("histogram.png")) > 1000);
        try (Stream<Path> files = Files.list(out)) {
            List<Path> gifs = files.filter(p -> p.toString().endsWith(".gif")).sorted().toList();
            assertEquals(2, gifs.size(), gifs.toString());
            assertTrue(gifs.get(0).getFileName().toString().startsWith("best-seed"), gifs.toString());
            // 6 steps + the reset frame, every 2nd kept: frames 0, 2, 4, 6
            assertEquals(4, gifFrames(gifs.get(0)));
        }
    }

    @Test
    void badInputGivesOneLineErrors() throws Exception {
        String err = ConsoleCapture.stderr(() -> assertEquals(1, Main.run("train-controller", "--run", run.resolve("nothing").toString())));
        assertTrue(err.contains("vae.npz does not exist") && err.contains("train-vae"), err);

        err = ConsoleCapture.stderr(() -> assertEquals(1, Main.run("evaluate", "--run", run.toString(), "--random",
                "--vae", run.resolve("rnn").resolve("rnn.npz").toString())));
        assertTrue(err.contains("not a checkpoint of V") && err.contains("lstm.weight_ih_l0"), err);

        err = ConsoleCapture.stderr(() -> assertEquals(1, Main.run("evaluate", "--run", run.toString(), "--random",
                "--rnn", run.resolve("vae").resolve("vae.npz").toString())));
        assertTrue(err.contains("not a checkpoint of M") && err.contains("c1.weight"), err);

        Path small = run.resolve("small.npz");
        Npy.writeNpz(small, Map.of("fc.weight", NpyArray.ofFloats(new float[3 * 287], 3, 287),
                "fc.bias", NpyArray.ofFloats(new float[3], 3)), false);
        err = ConsoleCapture.stderr(() -> assertEquals(1, Main.run("evaluate", "--run", run.toString(), "--controller", small.toString())));
        assertTrue(err.contains("not a checkpoint of C") && err.contains("(3,287)") && err.contains("(3,288)"), err);

        err = ConsoleCapture.stderr(() -> assertEquals(1, Main.run("evaluate", "--run", run.toString(), "--random", "--first-seed", "5")));
        assertTrue(err.contains("overlaps the training tracks"), err);
        for (String e : List.of(err)) assertEquals(1, e.lines().count(), e);
    }

    private static int gifFrames(Path gif) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
            r.setInput(in);
            int n = r.getNumImages(true);
            assertEquals(288, r.getWidth(0));
            r.dispose();
            return n;
        }
    }
}
