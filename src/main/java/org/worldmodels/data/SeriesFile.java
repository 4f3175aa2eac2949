// SPDX-License-Identifier: MIT
// RUN/series/ep_000000.npz: one episode encoded by V (per frame the VAE's mu and logvar, and the
// actions, rewards and done flags of the rollout), read with full validation and written atomically.
package org.worldmodels.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layout (NumPy names and dtypes): {@code mu} f4 (T,32), {@code logvar} f4 (T,32), {@code action}
 * f4 (T,3), {@code reward} f4 (T), {@code done} b1 (T), {@code seed} i8 (). Row t describes frame t;
 * {@code action[t]} is the action taken after seeing it (so M learns z_{t+1} from [z_t, a_t]).
 */
public final class SeriesFile {
    public static final int Z = 32, ACTIONS = 3;

    private SeriesFile() {}

    /** One encoded episode; arrays are row-major, T frames. */
    public record Series(String name, int length, float[] mu, float[] logVar, float[] action, float[] reward, boolean[] done, long seed) {
        public Series {
            if (mu.length != length * Z || logVar.length != length * Z || action.length != length * ACTIONS
                    || reward.length != length || done.length != length) {
                throw new IllegalArgumentException("series " + name + ": arrays do not all have " + length + " rows");
            }
        }
    }

    public static void write(Path file, Series s) throws IOException {
        Map<String, NpyArray> a = new LinkedHashMap<>();
        int t = s.length();
        a.put("mu", NpyArray.ofFloats(s.mu(), t, Z));
        a.put("logvar", NpyArray.ofFloats(s.logVar(), t, Z));
        a.put("action", NpyArray.ofFloats(s.action(), t, ACTIONS));
        a.put("reward", NpyArray.ofFloats(s.reward(), t));
        a.put("done", NpyArray.ofBooleans(s.done(), t));
        a.put("seed", NpyArray.scalarOf(s.seed()));
        Npy.writeNpz(file, a, true);
    }

    /**
     * Reads and validates one file: every array present, of the right rank, width and dtype, the same
     * number of rows, and finite. Errors name the file ("series ep_000003.npz: mu has width 31, expected 32").
     */
    public static Series read(Path file) throws IOException {
        String name = file.getFileName().toString(), label = "series " + name;
        Map<String, NpyArray> arrays = Npy.readNpz(file);
        NpyArray mu = EpisodeFiles.require(label, arrays, "mu"), logVar = EpisodeFiles.require(label, arrays, "logvar");
        NpyArray action = EpisodeFiles.require(label, arrays, "action"), reward = EpisodeFiles.require(label, arrays, "reward");
        NpyArray done = EpisodeFiles.require(label, arrays, "done"), seed = EpisodeFiles.require(label, arrays, "seed");
        for (String k : new String[] {"mu", "logvar", "action", "reward"}) EpisodeFiles.requireDtype(label, k, arrays.get(k), "f4", "f8");
        EpisodeFiles.requireDtype(label, "done", done, "b1");
        int t = EpisodeFiles.requireShape(label, "mu", mu, -1, Z);
        if (t < 1) throw new EpisodeFiles.InvalidFileException(label + ": has no frames");
        EpisodeFiles.requireRows(label, "logvar", EpisodeFiles.requireShape(label, "logvar", logVar, -1, Z), "mu", t);
        EpisodeFiles.requireRows(label, "action", EpisodeFiles.requireShape(label, "action", action, -1, ACTIONS), "mu", t);
        EpisodeFiles.requireRows(label, "reward", EpisodeFiles.requireShape(label, "reward", reward, -1), "mu", t);
        EpisodeFiles.requireRows(label, "done", EpisodeFiles.requireShape(label, "done", done, -1), "mu", t);
        float[] muV = mu.asFloats(), logVarV = logVar.asFloats(), actionV = action.asFloats(), rewardV = reward.asFloats();
        EpisodeFiles.requireFinite(label, "mu", muV, Z);
        EpisodeFiles.requireFinite(label, "logvar", logVarV, Z);
        EpisodeFiles.requireFinite(label, "action", actionV, ACTIONS);
        EpisodeFiles.requireFinite(label, "reward", rewardV, 1);
        long s = EpisodeFiles.requireIntegerScalar(label, "seed", seed);
        return new Series(name, t, muV, logVarV, actionV, rewardV, done.asBooleans(), s);
    }

    /** Every series of a folder (see {@link EpisodeFiles#readAll}: unreadable files skipped with a warning). */
    public static List<Series> readFolder(Path dir) throws IOException {
        return EpisodeFiles.readAll(dir, "series", SeriesFile::read);
    }
}
