// SPDX-License-Identifier: MIT
// A recorded reference run (traj/seed_XX_<script>.npz) and its track (tracks/seed_XX.npz), for both versions.
package org.worldmodels.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.worldmodels.SharedData;
import org.worldmodels.cli.TrackFile;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;

/** The arrays of one reference trajectory; T steps (300, or fewer when the episode ended). */
final class ReferenceTrajectory {
    static final String[] SCRIPTS = {"A_full_gas", "B_sine_steer", "C_mixed"};

    final EnvVersion version;
    final int seed;
    final String script;
    final Track track;
    final Map<String, NpyArray> tracks;   // tracks/seed_XX.npz: reset_* values
    final int steps;
    final float[] actions;                // (T,3)
    final double[] reward, hullPos, hullAngle, hullLinvel, hullAngvel, wheelOmega, wheelJointAngle, wheelPos;
    final boolean[] terminated;           // v3 'terminated', v0 'done'
    /** v0 only (null for v3): wheel rolling phase (T,4) and the env's running time (T,). */
    final double[] wheelPhase, envTime;
    final long[] tilesVisited;

    ReferenceTrajectory(EnvVersion version, int seed, String script) {
        this.version = version;
        this.seed = seed;
        this.script = script;
        String folder = version == EnvVersion.V0 ? "carracing-v0" : "carracing";
        String name = String.format("seed_%02d", seed);
        try {
            Path trackFile = SharedData.reference(folder, "tracks", name + ".npz");
            track = TrackFile.read(trackFile);
            tracks = Npy.readNpz(trackFile);
            Map<String, NpyArray> z = Npy.readNpz(SharedData.reference(folder, "traj", name + "_" + script + ".npz"));
            reward = z.get("reward").asDoubles();
            steps = reward.length;
            actions = z.get("actions").asFloats();
            hullPos = z.get("hull_pos").asDoubles();
            hullAngle = z.get("hull_angle").asDoubles();
            hullLinvel = z.get("hull_linvel").asDoubles();
            hullAngvel = z.get("hull_angvel").asDoubles();
            wheelOmega = z.get("wheel_omega").asDoubles();
            wheelJointAngle = z.get("wheel_joint_angle").asDoubles();
            wheelPos = z.get("wheel_pos").asDoubles();
            terminated = z.get(version == EnvVersion.V0 ? "done" : "terminated").asBooleans();
            tilesVisited = z.get("tiles_visited").asLongs();
            wheelPhase = z.containsKey("wheel_phase") ? z.get("wheel_phase").asDoubles() : null;
            envTime = z.containsKey("env_t") ? z.get("env_t").asDoubles() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return version + " seed " + seed + " " + script;
    }
}
