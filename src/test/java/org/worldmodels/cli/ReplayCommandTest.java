// SPDX-License-Identifier: MIT
// The replay command against a recorded reference run, and its refusal of bad action files.
package org.worldmodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.worldmodels.SharedData;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;
import picocli.CommandLine;

class ReplayCommandTest {
    /** Same goals as CarRacingTrajectoryTest: 0.05 m over the first 100 steps, rewards to float64 rounding. */
    static final double POS_TOL_SHORT = 0.05, REWARD_TOL = 1e-9;

    @TempDir
    Path dir;

    /** A replay command whose renderer fills each frame with the step count (the real ones live elsewhere). */
    private static ReplayCommand command() {
        int[] frames = {0};
        return new ReplayCommand(v -> (scene, rgb) -> java.util.Arrays.fill(rgb, (byte) frames[0]++));
    }

    private static int run(ReplayCommand cmd, String... args) throws Exception {
        new CommandLine(cmd).parseArgs(args);
        return cmd.call();
    }

    @Test
    void replaysAReferenceRun() throws Exception {
        Path traj = SharedData.reference("carracing", "traj", "seed_03_C_mixed.npz");
        Map<String, NpyArray> ref = Npy.readNpz(traj);
        Path actions = dir.resolve("actions.npy");
        Npy.writeNpy(actions, ref.get("actions"));
        Path out = dir.resolve("replay.npz");
        int code = run(command(), "--env", "v3", "--track", SharedData.reference("carracing", "tracks", "seed_03.npz").toString(),
                "--actions", actions.toString(), "--out", out.toString());
        assertEquals(0, code);

        Map<String, NpyArray> z = Npy.readNpz(out);
        double[] reward = z.get("reward").asDoubles(), refReward = ref.get("reward").asDoubles();
        assertEquals(refReward.length, reward.length, "steps");
        for (int k = 0; k < reward.length; k++) assertEquals(refReward[k], reward[k], REWARD_TOL, "reward at step " + k);
        assertArrayEquals(ref.get("tiles_visited").asLongs(), z.get("tiles_visited").asLongs());
        double[] pos = z.get("hull_pos").asDoubles(), refPos = ref.get("hull_pos").asDoubles();
        for (int k = 0; k < 100; k++) {
            double e = Math.hypot(pos[2 * k] - refPos[2 * k], pos[2 * k + 1] - refPos[2 * k + 1]);
            assertTrue(e <= POS_TOL_SHORT, "hull position at step " + k + " off by " + e);
        }
        assertArrayEquals(new int[] {5, 96, 96, 3}, z.get("obs").shape());
        assertArrayEquals(new long[] {0, 50, 100, 200, 299}, z.get("obs_steps").asLongs());
        // frame 0 is the reset frame, so the observation of step k is frame k + 1
        assertEquals(51, z.get("obs").asBytes()[96 * 96 * 3]);
        assertEquals(0, z.get("reset_obs").asBytes()[0]);
        assertArrayEquals(new int[] {300, 4}, z.get("wheel_omega").shape());
    }

    @Test
    void refusesNaNActionsByRowAndName() throws Exception {
        float[] a = new float[30];
        a[3 * 7 + 2] = Float.NaN;
        Path actions = dir.resolve("nan.npy");
        Npy.writeNpy(actions, NpyArray.ofFloats(a, 10, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(command(),
                "--track", SharedData.reference("carracing", "tracks", "seed_00.npz").toString(),
                "--actions", actions.toString(), "--out", dir.resolve("x.npz").toString()));
        assertTrue(e.getMessage().endsWith("row 7, action[2] (brake) is NaN"), e.getMessage());
    }

    @Test
    void refusesActionsOfTheWrongShape() throws Exception {
        Path actions = dir.resolve("shape.npy");
        Npy.writeNpy(actions, NpyArray.ofFloats(new float[20], 10, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(command(),
                "--track", SharedData.reference("carracing", "tracks", "seed_00.npz").toString(),
                "--actions", actions.toString(), "--out", dir.resolve("x.npz").toString()));
        assertTrue(e.getMessage().contains("shape (T,3)") && e.getMessage().contains("[10, 2]"), e.getMessage());
    }

    @Test
    void aSeedAloneGeneratesTheReferenceTrack() throws Exception {
        Map<String, NpyArray> ref = Npy.readNpz(SharedData.reference("carracing-v0", "traj", "seed_02_C_mixed.npz"));
        Path actions = dir.resolve("actions.npy");
        Npy.writeNpy(actions, ref.get("actions"));
        Path out = dir.resolve("seeded.npz");
        assertEquals(0, run(command(), "--env", "v0", "--seed", "2", "--actions", actions.toString(), "--out", out.toString()));
        double[] reward = Npy.readNpz(out).get("reward").asDoubles(), refReward = ref.get("reward").asDoubles();
        for (int k = 0; k < 100; k++) assertEquals(refReward[k], reward[k], REWARD_TOL, "reward at step " + k);
    }

    @Test
    void exactlyOneOfSeedAndTrackIsRequired() throws Exception {
        Path actions = dir.resolve("ok.npy");
        Npy.writeNpy(actions, NpyArray.ofFloats(new float[6], 2, 3));
        String out = dir.resolve("x.npz").toString();
        IllegalArgumentException neither = assertThrows(IllegalArgumentException.class,
                () -> run(command(), "--actions", actions.toString(), "--out", out));
        assertTrue(neither.getMessage().contains("--seed") && neither.getMessage().contains("--track"), neither.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> run(command(), "--seed", "-1", "--actions", actions.toString(), "--out", out));
        assertTrue(negative.getMessage().contains("non-negative"), negative.getMessage());
    }

    @Test
    void readsTheActionArrayOfARolloutNpz() throws Exception {
        // A rollout file stores its actions as 'action' (T,3) beside other arrays; replaying it equals the .npy replay.
        Map<String, NpyArray> ref = Npy.readNpz(SharedData.reference("carracing-v0", "traj", "seed_02_C_mixed.npz"));
        Path npy = dir.resolve("a.npy"), npz = dir.resolve("rollout.npz");
        Npy.writeNpy(npy, ref.get("actions"));
        Npy.writeNpz(npz, Map.of("action", ref.get("actions"), "reward", ref.get("reward")), true);
        Path outNpy = dir.resolve("from_npy.npz"), outNpz = dir.resolve("from_npz.npz");
        assertEquals(0, run(command(), "--seed", "2", "--actions", npy.toString(), "--out", outNpy.toString()));
        assertEquals(0, run(command(), "--seed", "2", "--actions", npz.toString(), "--out", outNpz.toString()));
        assertArrayEquals(Npy.readNpz(outNpy).get("reward").asDoubles(), Npy.readNpz(outNpz).get("reward").asDoubles());
        Path noActions = dir.resolve("rewards_only.npz");
        Npy.writeNpz(noActions, Map.of("reward", ref.get("reward")), true);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> run(command(),
                "--seed", "2", "--actions", noActions.toString(), "--out", dir.resolve("y.npz").toString()));
        assertTrue(missing.getMessage().contains("no array 'action' or 'actions'"), missing.getMessage());
    }

    @Test
    void refusesDirectoriesByName() throws Exception {
        Path actions = dir.resolve("ok.npy");
        Npy.writeNpy(actions, NpyArray.ofFloats(new float[6], 2, 3));
        IllegalArgumentException in = assertThrows(IllegalArgumentException.class,
                () -> run(command(), "--seed", "1", "--actions", dir.toString(), "--out", dir.resolve("x.npz").toString()));
        assertTrue(in.getMessage().contains("is a directory"), in.getMessage());
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class,
                () -> run(command(), "--seed", "1", "--actions", actions.toString(), "--out", dir.toString()));
        assertTrue(out.getMessage().startsWith("--out") && out.getMessage().contains("is a directory"), out.getMessage());
    }

    @Test
    void isRegisteredInMain() {
        assertEquals(0, Main.run("replay", "--help"));
    }
}
