// SPDX-License-Identifier: MIT
// Tiny rollout files for tests: episode e's frame t is a smooth colour field whose first byte encodes
// (e, t), so a test can tell which frame it got back.
package org.worldmodels.vision;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.worldmodels.data.EpisodeFile;
import org.worldmodels.data.EpisodeFiles;

public final class SyntheticEpisodes {
    private SyntheticEpisodes() {}

    /** Writes episodes 0..lengths.length-1 into dir (ep_000000.npz ...). */
    public static void write(Path dir, int... lengths) throws IOException {
        Files.createDirectories(dir);
        for (int e = 0; e < lengths.length; e++) {
            int n = lengths[e];
            byte[] obs = new byte[n * EpisodeFile.FRAME];
            float[] action = new float[n * 3], reward = new float[n];
            boolean[] done = new boolean[n];
            for (int t = 0; t < n; t++) {
                for (int p = 0; p < 64 * 64; p++) {
                    int y = p / 64, x = p % 64;
                    for (int c = 0; c < 3; c++) {
                        obs[t * EpisodeFile.FRAME + p * 3 + c] = (byte) (128 + 100 * Math.sin(0.1 * x * (c + 1) + 0.07 * y + e + 0.3 * t));
                    }
                }
                obs[t * EpisodeFile.FRAME] = (byte) e;
                obs[t * EpisodeFile.FRAME + 1] = (byte) t;
                action[t * 3] = (float) Math.sin(t);
                action[t * 3 + 1] = 0.5f;
                reward[t] = -0.1f * t;
            }
            done[n - 1] = true;
            EpisodeFile.write(dir.resolve(EpisodeFiles.fileName(e)), new EpisodeFile.Episode(EpisodeFiles.fileName(e), n, obs, action, reward, done, 100 + e));
        }
    }

    /** Cuts a file to half its size, as a crash during a copy would. */
    public static void truncate(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
    }

    public interface IoRunnable { void run() throws Exception; }

    /** What {@code r} prints on stderr (warnings). */
    public static String captureStderr(IoRunnable r) throws Exception {
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
