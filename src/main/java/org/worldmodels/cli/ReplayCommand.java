// SPDX-License-Identifier: MIT
// `worldmodels replay`: drives CarRacing with recorded actions and writes the per-step state to an .npz,
// in the layout of the reference trajectories, for side-by-side comparison with gym / Gymnasium runs.
package org.worldmodels.cli;

import static org.worldmodels.env.CarRacingConstants.STATE_H;
import static org.worldmodels.env.CarRacingConstants.STATE_W;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;
import org.worldmodels.env.CarRacing;
import org.worldmodels.env.EnvVersion;
import org.worldmodels.env.FrameRenderer;
import org.worldmodels.env.StepResult;
import org.worldmodels.env.Track;
import org.worldmodels.env.TrackGenerator;
import org.worldmodels.env.render.StatePixels;
import org.worldmodels.env.rng.TrackRandom;
import org.worldmodels.log.Log;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Replays an action sequence (T,3) [steer, gas, brake] from reset and records, per step k (state after the
 * k-th step): reward, terminated, truncated, hull_pos (T,2), hull_angle, hull_linvel (T,2), hull_angvel,
 * wheel_omega (T,4), wheel_joint_angle (T,4), tiles_visited; obs (K,96,96,3) uint8 at obs_steps (those of
 * 0, 50, 100, 200, 299 that were reached) and reset_obs. Stops early when the episode ends, as the
 * reference recordings do.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay recorded actions in CarRacing and write the per-step state to an .npz.")
public final class ReplayCommand implements Callable<Integer> {
    /** Steps whose observation is stored (as in the reference trajectories). */
    static final int[] OBS_STEPS = {0, 50, 100, 200, 299};

    @Option(names = "--seed", description = "Track seed (the track is generated as the reference does); or give --track.")
    Long seed;

    @Option(names = "--env", defaultValue = "v0", description = "v0 (gym 2018, the paper's) or v3 (Gymnasium). Default: ${DEFAULT-VALUE}.")
    String env;

    @Option(names = "--track", description = "Track in the reference .npz layout (track, tile_polys, border_polys, ...).")
    Path track;

    @Option(names = "--actions", required = true,
            description = "Actions (T,3) [steer, gas, brake]: an .npy, or an .npz holding 'action' (a rollout file) or 'actions'.")
    Path actions;

    @Option(names = "--out", required = true, description = "Output .npz.")
    Path out;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    private final Function<EnvVersion, FrameRenderer> renderers;

    public ReplayCommand() {
        this(StatePixels::forVersion);
    }

    ReplayCommand(Function<EnvVersion, FrameRenderer> renderers) {
        this.renderers = renderers;
    }

    @Override
    public Integer call() throws Exception {
        EnvVersion version = EnvVersion.parse(env);
        if (Files.isDirectory(out)) throw new IllegalArgumentException("--out " + out + " is a directory; give a file name (.npz)");
        double[] a = readActions(actions);
        int steps = a.length / 3;
        if ((track == null) == (seed == null)) {
            throw new IllegalArgumentException("give exactly one of --seed S or --track FILE.npz");
        }
        if (seed != null && seed < 0) throw new IllegalArgumentException("--seed must be non-negative, got " + seed);
        Track t = track != null ? TrackFile.read(track) : TrackGenerator.generate(TrackRandom.forSeed(version, seed));
        Map<String, NpyArray> z = replay(version, t, a, steps);
        Npy.writeNpz(out, z, true);
        double[] reward = z.get("reward").asDoubles();
        double total = 0;
        for (double r : reward) total += r;
        long[] tiles = z.get("tiles_visited").asLongs();
        Log.info(String.format(java.util.Locale.ROOT, "%s %s: %d of %d steps, return %.2f, %d of %d tiles -> %s",
                version, seed != null ? "seed " + seed : track, reward.length, steps, total,
                tiles[tiles.length - 1], t.size(), out));
        return 0;
    }

    /** Reads (T,3) actions (.npy, or the 'action'/'actions' array of an .npz), float32 or float64, refusing NaN or infinite values by row and name. */
    static double[] readActions(Path file) throws java.io.IOException {
        if (Files.isDirectory(file)) throw new IllegalArgumentException(file + " is a directory; expected an .npy or .npz file");
        NpyArray arr;
        if (file.getFileName().toString().endsWith(".npz")) {
            Map<String, NpyArray> z = Npy.readNpz(file);
            arr = z.containsKey("action") ? z.get("action") : z.get("actions");
            if (arr == null) throw new IllegalArgumentException(file + ": no array 'action' or 'actions' (has " + z.keySet() + ")");
        } else {
            arr = Npy.readNpy(file);
        }
        if (arr.ndim() != 2 || arr.dim(1) != 3 || arr.dim(0) == 0) {
            throw new IllegalArgumentException(file + ": actions must have shape (T,3) [steer, gas, brake] with T >= 1, got "
                    + Arrays.toString(arr.shape()));
        }
        if (!arr.dtype().equals("f4") && !arr.dtype().equals("f8")) {
            throw new IllegalArgumentException(file + ": actions must be float32 or float64, got dtype " + arr.dtype());
        }
        double[] a = arr.asDoubles();
        String[] names = {"steer", "gas", "brake"};
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException(file + ": row " + i / 3 + ", action[" + i % 3 + "] (" + names[i % 3] + ") is " + a[i]);
            }
        }
        return a;
    }

    /** Runs the episode and collects the arrays to write. */
    Map<String, NpyArray> replay(EnvVersion version, Track t, double[] a, int steps) {
        CarRacing car = new CarRacing(version, renderers.apply(version));
        byte[] obs = car.reset(t);
        byte[] resetObs = obs.clone();
        int frame = STATE_H * STATE_W * 3;
        double[] reward = new double[steps], hullPos = new double[2 * steps], hullAngle = new double[steps];
        double[] hullLinvel = new double[2 * steps], hullAngvel = new double[steps];
        double[] omega = new double[4 * steps], jointAngle = new double[4 * steps];
        boolean[] terminated = new boolean[steps], truncated = new boolean[steps];
        long[] tiles = new long[steps];
        byte[] frames = new byte[OBS_STEPS.length * frame];
        long[] obsSteps = new long[OBS_STEPS.length];
        int nObs = 0, n = 0;
        while (n < steps) {
            int k = n;
            StepResult r = car.step(a[3 * k], a[3 * k + 1], a[3 * k + 2]);
            reward[k] = r.reward();
            terminated[k] = r.terminated();
            truncated[k] = r.truncated();
            hullPos[2 * k] = car.hullX();
            hullPos[2 * k + 1] = car.hullY();
            hullAngle[k] = car.hullAngle();
            hullLinvel[2 * k] = car.hullVx();
            hullLinvel[2 * k + 1] = car.hullVy();
            hullAngvel[k] = car.hullAngularVelocity();
            for (int w = 0; w < 4; w++) {
                omega[4 * k + w] = car.wheelOmega(w);
                jointAngle[4 * k + w] = car.wheel(w).jointAngle();
            }
            tiles[k] = car.tilesVisited();
            if (nObs < OBS_STEPS.length && OBS_STEPS[nObs] == k) {
                System.arraycopy(obs, 0, frames, nObs * frame, frame);
                obsSteps[nObs++] = k;
            }
            n++;
            if (r.terminated() || r.truncated()) break;
        }
        Map<String, NpyArray> z = new LinkedHashMap<>();
        z.put("reward", NpyArray.ofDoubles(Arrays.copyOf(reward, n), n));
        z.put("terminated", NpyArray.ofBooleans(Arrays.copyOf(terminated, n), n));
        z.put("truncated", NpyArray.ofBooleans(Arrays.copyOf(truncated, n), n));
        z.put("hull_pos", NpyArray.ofDoubles(Arrays.copyOf(hullPos, 2 * n), n, 2));
        z.put("hull_angle", NpyArray.ofDoubles(Arrays.copyOf(hullAngle, n), n));
        z.put("hull_linvel", NpyArray.ofDoubles(Arrays.copyOf(hullLinvel, 2 * n), n, 2));
        z.put("hull_angvel", NpyArray.ofDoubles(Arrays.copyOf(hullAngvel, n), n));
        z.put("wheel_omega", NpyArray.ofDoubles(Arrays.copyOf(omega, 4 * n), n, 4));
        z.put("wheel_joint_angle", NpyArray.ofDoubles(Arrays.copyOf(jointAngle, 4 * n), n, 4));
        z.put("tiles_visited", NpyArray.ofLongs(Arrays.copyOf(tiles, n), n));
        z.put("obs", NpyArray.ofUint8(Arrays.copyOf(frames, nObs * frame), nObs, STATE_H, STATE_W, 3));
        z.put("obs_steps", NpyArray.ofLongs(Arrays.copyOf(obsSteps, nObs), nObs));
        z.put("reset_obs", NpyArray.ofUint8(resetObs, STATE_H, STATE_W, 3));
        z.put("actions", NpyArray.ofFloats(toFloats(a, 3 * n), n, 3));
        z.put("env", NpyArray.ofStrings(new String[] {version.name().toLowerCase(java.util.Locale.ROOT)}));
        if (seed != null) z.put("seed", NpyArray.scalarOf(seed.longValue()));
        return z;
    }

    private static float[] toFloats(double[] a, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) a[i];
        return f;
    }
}
