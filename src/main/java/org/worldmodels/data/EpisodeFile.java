// SPDX-License-Identifier: MIT
// RUN/rollouts/ep_000000.npz: one rollout in the real environment (preprocessed 64x64 frames, actions,
// rewards, done flags, the track seed), read with full validation and written atomically.
package org.worldmodels.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layout: {@code obs} u1 (T,64,64,3) (the preprocessed frames, channels last as PIL gives them),
 * {@code action} f4 (T,3), {@code reward} f4 (T), {@code done} b1 (T), {@code seed} i8 ().
 * {@code action[t]} is taken after seeing {@code obs[t]}; {@code reward[t]} and {@code done[t]} are its result.
 */
public final class EpisodeFile {
    public static final int SIZE = 64, CHANNELS = 3, FRAME = SIZE * SIZE * CHANNELS, ACTIONS = 3;

    private EpisodeFile() {}

    /** One rollout; obs holds T frames of (64,64,3) bytes (unsigned 0..255), row-major. */
    public record Episode(String name, int length, byte[] obs, float[] action, float[] reward, boolean[] done, long seed) {
        public Episode {
            if (obs.length != (long) length * FRAME || action.length != length * ACTIONS || reward.length != length || done.length != length) {
                throw new IllegalArgumentException("episode " + name + ": arrays do not all have " + length + " rows");
            }
        }

        /**
         * Frame t as the networks take it: (3,64,64) channels first, value / 255, into dst at dstOff.
         */
        // obs[t] (64,64,3) u8 -> dst (3,64,64) f32 in [0, 1]
        public void frameChw(int t, float[] dst, int dstOff) {
            int base = t * FRAME, plane = SIZE * SIZE;
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < CHANNELS; c++) dst[dstOff + c * plane + p] = (obs[base + p * CHANNELS + c] & 0xff) / 255f;
            }
        }
    }

    public static void write(Path file, Episode e) throws IOException {
        Map<String, NpyArray> a = new LinkedHashMap<>();
        int t = e.length();
        a.put("obs", NpyArray.ofUint8(e.obs(), t, SIZE, SIZE, CHANNELS));
        a.put("action", NpyArray.ofFloats(e.action(), t, ACTIONS));
        a.put("reward", NpyArray.ofFloats(e.reward(), t));
        a.put("done", NpyArray.ofBooleans(e.done(), t));
        a.put("seed", NpyArray.scalarOf(e.seed()));
        Npy.writeNpz(file, a, true);
    }

    /** Reads and validates one rollout; errors name the file ("rollout ep_000003.npz: obs has width 4, expected 3"). */
    public static Episode read(Path file) throws IOException {
        String name = file.getFileName().toString(), label = "rollout " + name;
        Map<String, NpyArray> arrays = Npy.readNpz(file);
        NpyArray obs = EpisodeFiles.require(label, arrays, "obs"), action = EpisodeFiles.require(label, arrays, "action");
        NpyArray reward = EpisodeFiles.require(label, arrays, "reward"), done = EpisodeFiles.require(label, arrays, "done");
        NpyArray seed = EpisodeFiles.require(label, arrays, "seed");
        EpisodeFiles.requireDtype(label, "obs", obs, "u1");
        EpisodeFiles.requireDtype(label, "action", action, "f4", "f8");
        EpisodeFiles.requireDtype(label, "reward", reward, "f4", "f8");
        EpisodeFiles.requireDtype(label, "done", done, "b1");
        int t = EpisodeFiles.requireShape(label, "obs", obs, -1, SIZE, SIZE, CHANNELS);
        if (t < 1) throw new EpisodeFiles.InvalidFileException(label + ": has no frames");
        EpisodeFiles.requireRows(label, "action", EpisodeFiles.requireShape(label, "action", action, -1, ACTIONS), "obs", t);
        EpisodeFiles.requireRows(label, "reward", EpisodeFiles.requireShape(label, "reward", reward, -1), "obs", t);
        EpisodeFiles.requireRows(label, "done", EpisodeFiles.requireShape(label, "done", done, -1), "obs", t);
        float[] actionV = action.asFloats(), rewardV = reward.asFloats();
        EpisodeFiles.requireFinite(label, "action", actionV, ACTIONS);
        EpisodeFiles.requireFinite(label, "reward", rewardV, 1);
        long s = EpisodeFiles.requireIntegerScalar(label, "seed", seed);
        return new Episode(name, t, obs.asBytes().clone(), actionV, rewardV, done.asBooleans(), s);
    }

    /** Every rollout of a folder (unreadable files skipped with a warning; see {@link EpisodeFiles#readAll}). */
    public static List<Episode> readFolder(Path dir) throws IOException {
        return EpisodeFiles.readAll(dir, "rollouts", EpisodeFile::read);
    }
}
