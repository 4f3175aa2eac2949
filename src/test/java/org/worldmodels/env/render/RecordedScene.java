// SPDX-License-Identifier: MIT
// A RenderScene built from the reference recordings (tracks/seed_XX.npz and traj/*.npz), so the
// renderers can be tested on the exact states the reference drew, independently of our physics.
package org.worldmodels.env.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.worldmodels.SharedData;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;
import org.worldmodels.env.CarRacingConstants;
import org.worldmodels.env.RenderScene;
import org.worldmodels.env.Track;

/** Mutable scene: {@link #reset} loads the state after reset, {@link #step} the state after step k. */
final class RecordedScene implements RenderScene {
    final String version; // "carracing-v0" or "carracing" (v3)
    final int seed;
    final Map<String, NpyArray> trackFile;
    final Track track;
    final boolean[] touched;
    final byte[] resetObs;

    double time, hullX, hullY, hullAngle, hullVx, hullVy, hullOmega, flJoint, shown;
    final double[] wheelX = new double[4], wheelY = new double[4], wheelAngle = new double[4],
        wheelPhase = new double[4], wheelOmega = new double[4];

    RecordedScene(String version, int seed) {
        this.version = version;
        this.seed = seed;
        trackFile = load(SharedData.reference(version, "tracks", String.format("seed_%02d.npz", seed)));
        track = trackOf(trackFile);
        touched = new boolean[track.size()];
        resetObs = trackFile.get("reset_obs").asBytes();
        reset();
    }

    static Map<String, NpyArray> load(Path p) {
        try {
            return Npy.readNpz(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isV0() { return version.endsWith("v0"); }

    /** The state the reset observation was drawn from. */
    void reset() {
        Map<String, NpyArray> d = trackFile;
        time = isV0() ? d.get("reset_env_t").scalar() : 0.02;
        double[] p = d.get("reset_hull_pos").asDoubles(), v = d.get("reset_hull_linvel").asDoubles();
        hullX = p[0]; hullY = p[1];
        hullVx = v[0]; hullVy = v[1];
        hullAngle = d.get("reset_hull_angle").scalar();
        hullOmega = d.get("reset_hull_angvel").scalar();
        double[] wp = d.get("reset_wheel_pos").asDoubles(), wa = d.get("reset_wheel_angle").asDoubles();
        double[] ph = isV0() ? d.get("reset_wheel_phase").asDoubles() : new double[4];
        for (int w = 0; w < 4; w++) {
            wheelX[w] = wp[2 * w];
            wheelY[w] = wp[2 * w + 1];
            wheelAngle[w] = wa[w];
            wheelPhase[w] = ph[w];
            wheelOmega[w] = 0;
        }
        // not recorded after reset: Box2D's joint angle = wheel angle - hull angle (reference angle 0), float32
        flJoint = (float) wa[0] - (float) hullAngle;
        double[] after = d.get("tile_colors_after_reset").asDoubles(), initial = d.get("tile_colors_initial").asDoubles();
        for (int i = 0; i < touched.length; i++) touched[i] = after[3 * i] != initial[3 * i]; // tiles i % 3 == 0 look the same either way
        shown = isV0() ? Double.parseDouble(d.get("reset_score_text").asStrings()[0]) : d.get("reset_cum_reward").scalar();
    }

    /** One recorded trajectory's per-step arrays, converted once. */
    static final class Traj {
        final Map<String, NpyArray> raw;
        final int steps;
        final double[] hullPos, hullVel, hullAngle, hullOmega, wheelPos, wheelAngle, wheelOmega, wheelJoint, cumReward;
        final double[] wheelPhase, envT; // v0 only
        final String[] scoreText; // v0 only
        final long[] obsSteps, visited;
        final byte[] obs;

        Traj(Map<String, NpyArray> t) {
            raw = t;
            hullPos = t.get("hull_pos").asDoubles();
            hullVel = t.get("hull_linvel").asDoubles();
            hullAngle = t.get("hull_angle").asDoubles();
            hullOmega = t.get("hull_angvel").asDoubles();
            wheelPos = t.get("wheel_pos").asDoubles();
            wheelAngle = t.get("wheel_angle").asDoubles();
            wheelOmega = t.get("wheel_omega").asDoubles();
            wheelJoint = t.get("wheel_joint_angle").asDoubles();
            cumReward = t.get("cum_reward").asDoubles();
            steps = hullAngle.length;
            boolean v0 = t.containsKey("wheel_phase");
            wheelPhase = v0 ? t.get("wheel_phase").asDoubles() : null;
            envT = v0 ? t.get("env_t").asDoubles() : null;
            scoreText = v0 ? t.get("score_text").asStrings() : null;
            obsSteps = t.get("obs_steps").asLongs();
            visited = t.get("tiles_visited").asLongs();
            obs = t.get("obs").asBytes();
        }
    }

    static Traj traj(String version, int seed, String script) {
        return new Traj(load(SharedData.reference(version, "traj", String.format("seed_%02d_%s.npz", seed, script))));
    }

    /**
     * The state after step k of a trajectory (tiles touched are set by the caller). v3 does not record
     * the wheel phase: the caller passes the running sum of omega * dt, as Car.step integrates it.
     */
    void step(Traj t, int k, double[] v3Phase) {
        hullX = t.hullPos[2 * k];
        hullY = t.hullPos[2 * k + 1];
        hullVx = t.hullVel[2 * k];
        hullVy = t.hullVel[2 * k + 1];
        hullAngle = t.hullAngle[k];
        hullOmega = t.hullOmega[k];
        for (int w = 0; w < 4; w++) {
            wheelX[w] = t.wheelPos[8 * k + 2 * w];
            wheelY[w] = t.wheelPos[8 * k + 2 * w + 1];
            wheelAngle[w] = t.wheelAngle[4 * k + w];
            wheelOmega[w] = t.wheelOmega[4 * k + w];
            wheelPhase[w] = t.wheelPhase != null ? t.wheelPhase[4 * k + w] : v3Phase[w];
        }
        flJoint = t.wheelJoint[4 * k];
        if (t.envT != null) {
            time = t.envT[k];
            shown = Double.parseDouble(t.scoreText[k]);
        } else {
            double tt = 0.02; // the env's running float sum: 0.02 after reset, + 0.02 per step
            for (int j = 0; j <= k; j++) tt += 0.02;
            time = tt;
            shown = t.cumReward[k] + 0.1; // drawn before this step's -0.1 is booked
        }
    }

    static Track trackOf(Map<String, NpyArray> d) {
        double[] tr = d.get("track").asDoubles();
        int n = tr.length / 4;
        double[] alpha = new double[n], beta = new double[n], x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            alpha[i] = tr[4 * i];
            beta[i] = tr[4 * i + 1];
            x[i] = tr[4 * i + 2];
            y[i] = tr[4 * i + 3];
        }
        double[] tiles = d.get("tile_polys").asDoubles();
        double[] kerbs = d.get("border_polys").asDoubles();
        long[] kerbTile = d.get("border_tile_idx").asLongs();
        double[] kerbColours = d.get("border_colors").asDoubles();
        int m = kerbTile.length;
        int[] kt = new int[m];
        boolean[] red = new boolean[m];
        for (int j = 0; j < m; j++) {
            kt[j] = (int) kerbTile[j];
            red[j] = kerbColours[3 * j + 1] == 0; // (1,0,0) / (255,0,0) vs white
        }
        return new Track(alpha, beta, x, y, tiles, d.get("border_flags").asBooleans(), kerbs, kt, red,
            (int) d.get("n_attempts").scalar());
    }

    @Override public double time() { return time; }
    @Override public double hullX() { return hullX; }
    @Override public double hullY() { return hullY; }
    @Override public double hullAngle() { return hullAngle; }
    @Override public double hullVx() { return hullVx; }
    @Override public double hullVy() { return hullVy; }
    @Override public double hullAngularVelocity() { return hullOmega; }
    @Override public double wheelX(int w) { return wheelX[w]; }
    @Override public double wheelY(int w) { return wheelY[w]; }
    @Override public double wheelAngle(int w) { return wheelAngle[w]; }
    @Override public double wheelPhase(int w) { return wheelPhase[w]; }
    @Override public double wheelOmega(int w) { return wheelOmega[w]; }
    @Override public double frontLeftJointAngle() { return flJoint; }
    @Override public Track track() { return track; }
    @Override public boolean tileTouched(int tile) { return touched[tile]; }
    @Override public double displayedReward() { return shown; }

    static final int PIXELS = CarRacingConstants.STATE_W * CarRacingConstants.STATE_H;
}
