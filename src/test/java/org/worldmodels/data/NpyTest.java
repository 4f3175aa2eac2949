// SPDX-License-Identifier: MIT
package org.worldmodels.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.worldmodels.SharedData;

class NpyTest {
    @TempDir Path tmp;

    @Test
    void roundTripsEveryDtypeThroughNpz() throws IOException {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("f", NpyArray.ofFloats(new float[] {1.5f, -2f, 3f, 4f, 5f, 6f}, 2, 3));
        m.put("d", NpyArray.ofDoubles(new double[] {Math.PI}));
        m.put("l", NpyArray.ofLongs(new long[] {-1, 1L << 40}, 2));
        m.put("u", NpyArray.ofUint8(new byte[] {(byte) 255, 0, 7}, 3));
        m.put("b", NpyArray.ofBooleans(new boolean[] {true, false}, 2));
        m.put("s", NpyArray.ofStrings(new String[] {"-012", "0000"}, 2));
        for (boolean compressed : new boolean[] {false, true}) {
            Path f = tmp.resolve("a" + compressed + ".npz");
            Npy.writeNpz(f, m, compressed);
            Map<String, NpyArray> r = Npy.readNpz(f);
            assertEquals(m.keySet(), r.keySet());
            assertArrayEquals(new int[] {2, 3}, r.get("f").shape());
            assertArrayEquals(m.get("f").asFloats(), r.get("f").asFloats());
            assertEquals(Math.PI, r.get("d").scalar());
            assertEquals(0, r.get("d").ndim());
            assertArrayEquals(new long[] {-1, 1L << 40}, r.get("l").asLongs());
            assertArrayEquals(new long[] {255, 0, 7}, r.get("u").asLongs());
            assertArrayEquals(new boolean[] {true, false}, r.get("b").asBooleans());
            assertArrayEquals(new String[] {"-012", "0000"}, r.get("s").asStrings());
        }
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left behind");
        }
    }

    @Test
    void headerIsPaddedToSixtyFourBytes() throws IOException {
        Path f = tmp.resolve("x.npy");
        Npy.writeNpy(f, NpyArray.ofFloats(new float[] {1, 2, 3}, 3));
        byte[] bytes = Files.readAllBytes(f);
        int header = bytes.length - 12;
        assertEquals(0, header % 64, "header length " + header + " is a multiple of 64");
        assertEquals('\n', bytes[header - 1]);
        assertArrayEquals(new float[] {1, 2, 3}, Npy.readNpy(f).asFloats());
        if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
                    "written files are readable by others like any file a user writes");
        }
    }

    @Test
    void readsNumpyWrittenReferenceFiles() throws IOException {
        Map<String, NpyArray> t = Npy.readNpz(SharedData.reference("carracing", "tracks", "seed_00.npz"));
        NpyArray track = t.get("track");
        assertEquals(2, track.ndim());
        assertEquals(4, track.dim(1));
        assertEquals(96 * 96 * 3, t.get("reset_obs").size());
        Map<String, NpyArray> traj = Npy.readNpz(SharedData.reference("carracing-v0", "traj", "seed_00_C_mixed.npz"));
        assertEquals(traj.get("reward").dim(0), traj.get("score_text").asStrings().length);
    }

    @Test
    void truncatedArchiveIsAnErrorNamingTheFile() throws IOException {
        Path f = tmp.resolve("t.npz");
        Map<String, NpyArray> m = Map.of("x", NpyArray.ofFloats(new float[1000], 1000));
        Npy.writeNpz(f, m, true);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
        IOException e = assertThrows(IOException.class, () -> Npy.readNpz(f));
        assertTrue(e.getMessage().contains("t.npz"), e.getMessage());
    }
}
