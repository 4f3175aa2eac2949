// SPDX-License-Identifier: MIT
// Checkpoints: round trips (parameters and Adam's state), strict refusal of missing, misshaped and
// extra arrays, and a checkpoint written by PyTorch (make_vae_fixtures.py) giving PyTorch's outputs here.
package org.worldmodels.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.worldmodels.nn.Activations;
import org.worldmodels.nn.Adam;
import org.worldmodels.nn.ArrayCompare;
import org.worldmodels.nn.Conv2d;
import org.worldmodels.nn.ConvTranspose2d;
import org.worldmodels.nn.Dense;
import org.worldmodels.tensor.ParamSet;
import org.worldmodels.vision.ConvVae;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    /** PyTorch's outputs of its own checkpoint, recomputed here from the loaded weights (ArrayCompare's relative error). */
    static final double TOL = 1e-5;

    @TempDir
    Path dir;

    /** The small model of make_vae_fixtures.py: conv k4 s2 3x10x10 -> 4x4x4, ReLU, dense 64 -> 8, convT k5 s2 8x1x1 -> 3x5x5, sigmoid. */
    private record Small(ParamSet params, Conv2d c1, Dense fc, ConvTranspose2d d1) {
        static Small create() {
            ParamSet.Builder b = ParamSet.builder();
            Conv2d c1 = new Conv2d(b, "c1", 3, 10, 10, 4, 4, 2);
            Dense fc = new Dense(b, "fc", 64, 8);
            ConvTranspose2d d1 = new ConvTranspose2d(b, "d1", 8, 1, 1, 3, 5, 2);
            return new Small(b.build(), c1, fc, d1);
        }

        float[] forward(int batch, float[] x) {
            float[] h = new float[batch * 64], e = new float[batch * 8], y = new float[batch * 75];
            c1.forward(batch, x, 0, h, 0);
            Activations.reluForward(h, 0, h, 0, h.length);
            fc.forward(batch, h, 0, e, 0);
            d1.forward(batch, e, 0, y, 0);
            Activations.sigmoidForward(y, 0, y, 0, y.length);
            return y;
        }
    }

    @Test
    void pytorchCheckpointLoadsAndGivesPyTorchsOutputs() throws IOException {
        Small s = Small.create();
        Checkpoint.load(Path.of("src/test/resources/fixtures/vae_small_ckpt.npz"), s.params);
        Map<String, NpyArray> fx = Npy.readNpz(Path.of("src/test/resources/fixtures/vae_b4.npz"));
        float[] y = s.forward(2, fx.get("small.x").asFloats());
        ArrayCompare.assertClose("small model output", fx.get("small.y").asFloats(), y, TOL);
    }

    @Test
    void vaeRoundTripWithOptimizerState() throws IOException {
        ConvVae vae = new ConvVae(1);
        vae.initDefault(3);
        Adam adam = new Adam(vae.params, 1e-4);
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < vae.params.size(); i++) vae.params.grad[i] = (float) rng.nextGaussian();
        adam.step();
        adam.step();

        Path file = dir.resolve("vae.npz");
        Checkpoint.save(file, vae.params);
        Checkpoint.saveOptimizer(Checkpoint.optimizerPath(file), vae.params, adam.firstMoment(), adam.secondMoment(), adam.stepCount());
        assertEquals(dir.resolve("vae.optim.npz"), Checkpoint.optimizerPath(file));

        // The model file holds exactly the state_dict: 22 float32 arrays with PyTorch's names and shapes.
        Map<String, NpyArray> arrays = Npy.readNpz(file);
        assertEquals(22, arrays.size());
        assertArrayEquals(new int[] {1024, 128, 5, 5}, arrays.get("d1.weight").shape());
        assertEquals("f4", arrays.get("d1.weight").dtype());

        ConvVae copy = new ConvVae(1);
        Checkpoint.load(file, copy.params);
        assertArrayEquals(vae.params.data, copy.params.data);
        Adam adamCopy = new Adam(copy.params, 1e-4);
        Checkpoint.OptimizerState st = Checkpoint.loadOptimizer(Checkpoint.optimizerPath(file), copy.params);
        adamCopy.restore(st.firstMoment(), st.secondMoment(), st.step());
        assertArrayEquals(adam.firstMoment(), adamCopy.firstMoment());
        assertArrayEquals(adam.secondMoment(), adamCopy.secondMoment());
        assertEquals(2, adamCopy.stepCount());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    /** Writes the small model's arrays with one edit, and returns the loader's error message. */
    private String loadError(java.util.function.Consumer<Map<String, NpyArray>> edit) throws IOException {
        Small s = Small.create();
        Path ok = dir.resolve("ok.npz");
        Checkpoint.save(ok, s.params);
        Map<String, NpyArray> arrays = new LinkedHashMap<>(Npy.readNpz(ok));
        edit.accept(arrays);
        Path bad = dir.resolve("bad.npz");
        Npy.writeNpz(bad, arrays, false);
        float[] before = s.params.data.clone();
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(bad, s.params));
        assertArrayEquals(before, s.params.data, "a refused checkpoint must not change the model");
        return e.getMessage();
    }

    @Test
    void missingArrayIsNamed() throws IOException {
        String m = loadError(a -> a.remove("fc.bias"));
        assertTrue(m.contains("missing array 'fc.bias' (8,)"), m);
    }

    @Test
    void misshapedArrayIsNamedWithBothShapes() throws IOException {
        String m = loadError(a -> a.put("d1.weight", NpyArray.ofFloats(new float[3 * 8 * 25], 3, 8, 5, 5)));
        assertTrue(m.contains("array 'd1.weight' has shape (3,8,5,5), the model expects (8,3,5,5)"), m);
    }

    @Test
    void unexpectedArrayIsRefused() throws IOException {
        String m = loadError(a -> a.put("c2.weight", NpyArray.ofFloats(new float[4], 2, 2)));
        assertTrue(m.contains("unexpected array 'c2.weight' (2,2)"), m);
    }

    @Test
    void wrongDtypeIsRefused() throws IOException {
        String m = loadError(a -> a.put("fc.bias", NpyArray.ofDoubles(new double[8], 8)));
        assertTrue(m.contains("array 'fc.bias' is f8, expected float32"), m);
    }

    @Test
    void otherArchitectureIsRefusedWithEveryMismatchNamed() throws IOException {
        ConvVae vae = new ConvVae(1);
        IOException e = assertThrows(IOException.class,
                () -> Checkpoint.load(Path.of("src/test/resources/fixtures/vae_small_ckpt.npz"), vae.params));
        String m = e.getMessage();
        assertTrue(m.contains("missing array 'fc_mu.weight' (32,1024)"), m);
        assertTrue(m.contains("array 'c1.weight' has shape (4,3,4,4), the model expects (32,3,4,4)"), m);
        assertTrue(m.contains("unexpected array 'fc.weight' (8,64)"), m);
    }

    @Test
    void optimizerStateIsCheckedToo() throws IOException {
        Small s = Small.create();
        Path file = dir.resolve("o.optim.npz");
        float[] m = new float[s.params.size()], v = new float[s.params.size()];
        Checkpoint.saveOptimizer(file, s.params, m, v, 5);
        Map<String, NpyArray> arrays = new LinkedHashMap<>(Npy.readNpz(file));
        arrays.remove("step");
        arrays.remove("c1.weight.exp_avg_sq");
        Npy.writeNpz(file, arrays, false);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.loadOptimizer(file, s.params));
        assertTrue(e.getMessage().contains("missing array 'c1.weight.exp_avg_sq' (4,3,4,4)") && e.getMessage().contains("missing array 'step'"), e.getMessage());
    }
}
