// SPDX-License-Identifier: MIT
// Series and rollout files: exact round trips (also read by NumPy's layout rules), and every bad input
// named clearly: wrong width, NaN with its index, length mismatches, missing arrays, truncated files
// skipped with a warning, empty or missing folders.
package org.worldmodels.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.worldmodels.data.SeriesFile.Series;
import org.worldmodels.memory.SyntheticSeries;

class SeriesFileTest {
    @TempDir
    Path dir;

    private static Series sample() { return SyntheticSeries.make(3, 7).get(0); }

    private static Map<String, NpyArray> arrays(Series s) {
        Map<String, NpyArray> a = new LinkedHashMap<>();
        a.put("mu", NpyArray.ofFloats(s.mu(), s.length(), 32));
        a.put("logvar", NpyArray.ofFloats(s.logVar(), s.length(), 32));
        a.put("action", NpyArray.ofFloats(s.action(), s.length(), 3));
        a.put("reward", NpyArray.ofFloats(s.reward(), s.length()));
        a.put("done", NpyArray.ofBooleans(s.done(), s.length()));
        a.put("seed", NpyArray.scalarOf(5L));
        return a;
    }

    @Test
    void seriesRoundTripsExactlyInTheDocumentedLayout() throws IOException {
        Series s = sample();
        Path f = dir.resolve("ep_000000.npz");
        SeriesFile.write(f, s);
        Map<String, NpyArray> raw = Npy.readNpz(f);
        assertEquals("[mu, logvar, action, reward, done, seed]", raw.keySet().toString());
        assertEquals("[7, 32]", Arrays.toString(raw.get("mu").shape()));
        assertEquals("f4", raw.get("logvar").dtype());
        assertEquals("b1", raw.get("done").dtype());
        assertEquals("i8", raw.get("seed").dtype());
        assertEquals(0, raw.get("seed").ndim());
        Series r = SeriesFile.read(f);
        assertEquals("ep_000000.npz", r.name());
        assertEquals(7, r.length());
        assertArrayEquals(s.mu(), r.mu());
        assertArrayEquals(s.logVar(), r.logVar());
        assertArrayEquals(s.action(), r.action());
        assertArrayEquals(s.reward(), r.reward());
        assertArrayEquals(s.done(), r.done());
        assertEquals(s.seed(), r.seed());
    }

    @Test
    void episodeRoundTripsAndConvertsFramesToChannelsFirst() throws IOException {
        int T = 2;
        byte[] obs = new byte[T * EpisodeFile.FRAME];
        for (int i = 0; i < obs.length; i++) obs[i] = (byte) (i * 7);
        EpisodeFile.Episode e = new EpisodeFile.Episode("ep_000001.npz", T, obs, new float[] {0.5f, 1, 0, -1, 0, 0.2f},
                new float[] {1, 2}, new boolean[] {false, true}, 42);
        Path f = dir.resolve("ep_000001.npz");
        EpisodeFile.write(f, e);
        assertEquals("[2, 64, 64, 3]", Arrays.toString(Npy.readNpz(f).get("obs").shape()));
        EpisodeFile.Episode r = EpisodeFile.read(f);
        assertArrayEquals(obs, r.obs());
        assertArrayEquals(e.action(), r.action());
        assertEquals(42, r.seed());
        float[] chw = new float[EpisodeFile.FRAME];
        r.frameChw(1, chw, 0);
        // Pixel (row 3, col 5), channel 2 of frame 1: HWC byte index vs CHW float index.
        int hwc = EpisodeFile.FRAME + (3 * 64 + 5) * 3 + 2, at = 2 * 64 * 64 + 3 * 64 + 5;
        assertEquals((obs[hwc] & 0xff) / 255f, chw[at]);
    }

    @Test
    void badRolloutsAreNamedToo() throws IOException {
        Map<String, NpyArray> a = new LinkedHashMap<>();
        a.put("obs", NpyArray.ofUint8(new byte[2 * 64 * 64 * 4], 2, 64, 64, 4));
        a.put("action", NpyArray.ofFloats(new float[] {0, 1, 0, Float.NaN, 0, 0}, 2, 3));
        a.put("reward", NpyArray.ofFloats(new float[2], 2));
        a.put("done", NpyArray.ofBooleans(new boolean[2], 2));
        a.put("seed", NpyArray.scalarOf(1L));
        Path f = dir.resolve("ep_000009.npz");
        Npy.writeNpz(f, a, true);
        assertEquals("rollout ep_000009.npz: obs has width 4, expected 3",
                assertThrows(EpisodeFiles.InvalidFileException.class, () -> EpisodeFile.read(f)).getMessage());
        a.put("obs", NpyArray.ofUint8(new byte[2 * 64 * 64 * 3], 2, 64, 64, 3));
        Npy.writeNpz(f, a, true);
        assertEquals("rollout ep_000009.npz: action[1][0] is NaN (non-finite values are not allowed)",
                assertThrows(EpisodeFiles.InvalidFileException.class, () -> EpisodeFile.read(f)).getMessage());
    }

    private String error(Map<String, NpyArray> a) throws IOException {
        Path f = dir.resolve("ep_000003.npz");
        Npy.writeNpz(f, a, true);
        return assertThrows(EpisodeFiles.InvalidFileException.class, () -> SeriesFile.read(f)).getMessage();
    }

    @Test
    void wrongWidthNamesFileArrayAndWidths() throws IOException {
        Map<String, NpyArray> a = arrays(sample());
        a.put("mu", NpyArray.ofFloats(new float[7 * 31], 7, 31));
        assertEquals("series ep_000003.npz: mu has width 31, expected 32", error(a));
        a = arrays(sample());
        a.put("action", NpyArray.ofFloats(new float[7 * 2], 7, 2));
        assertEquals("series ep_000003.npz: action has width 2, expected 3", error(a));
    }

    @Test
    void nanIsReportedWithItsIndex() throws IOException {
        Series s = sample();
        s.logVar()[4 * 32 + 9] = Float.NaN;
        assertEquals("series ep_000003.npz: logvar[4][9] is NaN (non-finite values are not allowed)", error(arrays(s)));
        s = sample();
        s.reward()[6] = Float.POSITIVE_INFINITY;
        assertEquals("series ep_000003.npz: reward[6] is Infinity (non-finite values are not allowed)", error(arrays(s)));
    }

    @Test
    void lengthMismatchMissingArrayAndWrongDtypeAreErrors() throws IOException {
        Map<String, NpyArray> a = arrays(sample());
        a.put("action", NpyArray.ofFloats(new float[6 * 3], 6, 3));
        assertEquals("series ep_000003.npz: action has 6 rows, mu has 7", error(a));
        a = arrays(sample());
        a.remove("logvar");
        assertTrue(error(a).startsWith("series ep_000003.npz: missing array 'logvar'"), error(a));
        a = arrays(sample());
        a.put("done", NpyArray.ofFloats(new float[7], 7));
        assertEquals("series ep_000003.npz: done is f4, expected b1", error(a));
        a = arrays(sample());
        a.put("mu", NpyArray.ofFloats(new float[7 * 32], 7, 32, 1));
        assertTrue(error(a).startsWith("series ep_000003.npz: mu has shape [7, 32, 1], expected 2 dimensions"), error(a));
    }

    @Test
    void folderSkipsTruncatedFilesWithAWarningNamingThem() throws IOException {
        List<Series> all = SyntheticSeries.make(1, 5, 6, 7);
        SyntheticSeries.write(dir, all);
        byte[] whole = Files.readAllBytes(dir.resolve("ep_000001.npz"));
        Files.write(dir.resolve("ep_000001.npz"), Arrays.copyOf(whole, whole.length / 2));
        Files.writeString(dir.resolve("notes.txt"), "not a series");
        String err = captureStderr(() -> {
            List<Series> read = SeriesFile.readFolder(dir);
            assertEquals(List.of("ep_000000.npz", "ep_000002.npz"), read.stream().map(Series::name).toList());
        });
        assertTrue(err.contains("skipping unreadable series file") && err.contains("ep_000001.npz"), err);
    }

    @Test
    void invalidFileInAFolderStopsWithItsName() throws IOException {
        SyntheticSeries.write(dir, SyntheticSeries.make(1, 5, 6));
        Map<String, NpyArray> a = arrays(sample());
        a.put("mu", NpyArray.ofFloats(new float[7 * 31], 7, 31));
        Npy.writeNpz(dir.resolve("ep_000003.npz"), a, true);
        IOException e = assertThrows(EpisodeFiles.InvalidFileException.class, () -> SeriesFile.readFolder(dir));
        assertEquals("series ep_000003.npz: mu has width 31, expected 32", e.getMessage());
    }

    @Test
    void emptyMissingAndAllUnreadableFoldersAreClearErrors() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("series"));
        assertEquals("series folder " + empty + " is empty (no ep_*.npz files)",
                assertThrows(IOException.class, () -> SeriesFile.readFolder(empty)).getMessage());
        Path missing = dir.resolve("nothing");
        assertEquals("series folder " + missing + " does not exist", assertThrows(IOException.class, () -> SeriesFile.readFolder(missing)).getMessage());
        Files.writeString(empty.resolve("ep_000000.npz"), "garbage");
        String[] msg = new String[1];
        captureStderr(() -> msg[0] = assertThrows(IOException.class, () -> SeriesFile.readFolder(empty)).getMessage());
        assertTrue(msg[0].startsWith("no readable series files in " + empty + " (1 skipped: ep_000000.npz"), msg[0]);
    }

    interface IoRunnable { void run() throws IOException; }

    static String captureStderr(IoRunnable r) throws IOException {
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
