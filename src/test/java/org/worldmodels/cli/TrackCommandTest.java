// SPDX-License-Identifier: MIT
// `worldmodels track`: the .npz it writes equals the reference recording for seed 0 (v3 and v0), the
// .png decodes, and bad input is refused with a message.
package org.worldmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.worldmodels.env.RefCompare.assertClose;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.worldmodels.SharedData;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;

class TrackCommandTest {
    static final double TOL = 1e-9;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "--env {0}")
    @CsvSource({"v3,carracing", "v0,carracing-v0"})
    void npzMatchesTheReferenceForSeed0(String env, String folder) throws Exception {
        Path out = dir.resolve("seed0-" + env + ".npz");
        assertEquals(0, Main.run("track", "--seed", "0", "--env", env, "--out", out.toString()));
        Map<String, NpyArray> got = Npy.readNpz(out);
        Map<String, NpyArray> ref = Npy.readNpz(SharedData.reference(folder, "tracks", "seed_00.npz"));
        for (String key : new String[] {"track", "tile_polys", "border_polys", "start_beta_x_y", "border_colors"}) {
            assertEquals("f8", got.get(key).dtype(), env + " " + key + " dtype");
            assertEquals(java.util.Arrays.toString(ref.get(key).shape()), java.util.Arrays.toString(got.get(key).shape()), env + " " + key + " shape");
            assertClose(env + " seed 0 " + key, ref.get(key).shape(), ref.get(key).asDoubles(), got.get(key).asDoubles(), TOL);
        }
        assertEquals(java.util.Arrays.toString(ref.get("border_tile_idx").asLongs()), java.util.Arrays.toString(got.get("border_tile_idx").asLongs()));
        assertEquals(java.util.Arrays.toString(ref.get("border_flags").asBooleans()), java.util.Arrays.toString(got.get("border_flags").asBooleans()));
        assertEquals(ref.get("n_attempts").scalar(), got.get("n_attempts").scalar());
        assertEquals(ref.get("start_alpha").scalar(), got.get("start_alpha").scalar());
    }

    @Test
    void pngIsWrittenAndDecodes() throws Exception {
        Path out = dir.resolve("map.png");
        // Seed 36 needs two attempts in v3: --construction must replay past the failed one.
        assertEquals(0, Main.run("track", "--seed", "36", "--out", out.toString(), "--size", "300", "--construction"));
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(300, img.getWidth());
        assertEquals(300, img.getHeight());
        // The road's greys and the grass's greens are both present.
        boolean road = false, grass = false;
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 300; x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                road |= rgb == 0x666666;                  // (102,102,102): tiles 0, 3, 6, ...
                grass |= rgb == 0x66cc66 || rgb == 0x66e666;
            }
        }
        assertTrue(road, "no road pixel (102,102,102) in the map");
        assertTrue(grass, "no grass pixel in the map");
    }

    @Test
    void negativeSeedIsRefused() {
        Path out = dir.resolve("x.npz");
        String err = stderrOf(() -> assertEquals(2, Main.run("track", "--seed", "-1", "--out", out.toString())));
        assertTrue(err.contains("non-negative"), err);
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownEnvIsRefused() {
        Path out = dir.resolve("x.npz");
        String err = stderrOf(() -> assertEquals(2, Main.run("track", "--seed", "1", "--env", "v2", "--out", out.toString())));
        assertTrue(err.contains("v2") && err.contains("v0 or v3"), err);
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownOutputTypeIsRefused() {
        String err = stderrOf(() -> assertEquals(2, Main.run("track", "--seed", "1", "--out", dir.resolve("x.txt").toString())));
        assertTrue(err.contains(".npz or .png"), err);
    }

    @Test
    void errorsAreOneLine() {
        String bad = stderrOf(() -> assertEquals(2, Main.run("track", "--seed", "-1", "--out", dir.resolve("x.npz").toString())));
        assertEquals(1, bad.strip().lines().count(), "a bad option prints one line, not the usage:\n" + bad);
        assertTrue(bad.contains("worldmodels track --help"), bad);
        Path missing = dir.resolve("missing.npy");
        String gone = stderrOf(() -> assertEquals(1, Main.run("replay", "--seed", "1", "--actions", missing.toString(),
                "--out", dir.resolve("r.npz").toString())));
        assertEquals("worldmodels: no such file: " + missing, gone.strip());
    }

    private static String stderrOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
