// SPDX-License-Identifier: MIT
// The whole environment (our physics + our renderer) against the frames the reference environments
// recorded under the same seeds and actions.
package org.worldmodels.env;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.worldmodels.SharedData;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;

class EnvFramesTest {
    /** v0: share of equal pixels over all compared frames: the renderer's goal (99.99%) still holds when
     *  our own physics (within ~2 mm of the reference here) supplies the states. */
    static final double V0_MIN_EQUAL = 0.9999;
    /** v0: most differing pixels in one frame (edge pixels whose centre the mm-level drift moves across). */
    static final int V0_MAX_DIFF_PER_FRAME = 10;
    /** v3: mean absolute error per channel (of 255). */
    static final double V3_MAX_MAE = 2.0;
    /** Frames up to this step are compared: the physics follows the reference to 0.05 m there. */
    static final int EARLY_STEPS = 100;

    @Test
    void v0FramesOfOurEnvironmentEqualTheRecordedOnes() throws IOException {
        long equal = 0, total = 0;
        int worstFrame = 0;
        for (int seed = 0; seed < 10; seed++) {
            for (String script : ReferenceTrajectory.SCRIPTS) {
                Map<String, NpyArray> ref = trajectory("carracing-v0", seed, script);
                byte[][] ours = replay(EnvVersion.V0, seed, ref);
                for (int i = 0; i < ours.length; i++) {
                    if (ours[i] == null) continue;
                    byte[] theirs = frame(ref, i);
                    int same = 0;
                    for (int p = 0; p < 96 * 96; p++) {
                        if (ours[i][3 * p] == theirs[3 * p] && ours[i][3 * p + 1] == theirs[3 * p + 1] && ours[i][3 * p + 2] == theirs[3 * p + 2]) same++;
                    }
                    equal += same;
                    total += 96 * 96;
                    worstFrame = Math.max(worstFrame, 96 * 96 - same);
                    assertTrue(96 * 96 - same <= V0_MAX_DIFF_PER_FRAME,
                            "v0 seed " + seed + " " + script + " frame " + i + ": " + (96 * 96 - same) + " pixels differ");
                }
            }
        }
        System.out.printf("EnvFramesTest v0: %d of %d pixels equal (%.5f%%) in frames up to step %d; worst frame %d pixels%n",
                equal, total, 100.0 * equal / total, EARLY_STEPS, worstFrame);
        assertTrue(equal >= V0_MIN_EQUAL * total, "v0: only " + equal + " of " + total + " pixels equal");
    }

    @Test
    void v3FramesOfOurEnvironmentAreWithinTheErrorGoal() throws IOException {
        double worst = 0;
        for (int seed = 0; seed < 10; seed++) {
            for (String script : ReferenceTrajectory.SCRIPTS) {
                Map<String, NpyArray> ref = trajectory("carracing", seed, script);
                byte[][] ours = replay(EnvVersion.V3, seed, ref);
                for (int i = 0; i < ours.length; i++) {
                    if (ours[i] == null) continue;
                    byte[] theirs = frame(ref, i);
                    long sum = 0;
                    for (int p = 0; p < theirs.length; p++) sum += Math.abs((ours[i][p] & 0xff) - (theirs[p] & 0xff));
                    double mae = sum / (double) theirs.length;
                    worst = Math.max(worst, mae);
                    assertTrue(mae <= V3_MAX_MAE, "v3 seed " + seed + " " + script + " frame " + i + ": MAE " + mae);
                }
            }
        }
        System.out.printf("EnvFramesTest v3: worst MAE %.3f in frames up to step %d%n", worst, EARLY_STEPS);
    }

    private static Map<String, NpyArray> trajectory(String folder, int seed, String script) throws IOException {
        return Npy.readNpz(SharedData.reference(folder, "traj", String.format("seed_%02d_%s.npz", seed, script)));
    }

    private static byte[] frame(Map<String, NpyArray> ref, int i) {
        byte[] all = ref.get("obs").asBytes();
        int n = 96 * 96 * 3;
        byte[] f = new byte[n];
        System.arraycopy(all, i * n, f, 0, n);
        return f;
    }

    /** Steps the recorded actions from reset(seed); copies our observation at each stored step up to EARLY_STEPS. */
    private static byte[][] replay(EnvVersion v, int seed, Map<String, NpyArray> ref) {
        long[] obsSteps = ref.get("obs_steps").asLongs();
        float[] actions = ref.get("actions").asFloats();
        int steps = ref.get("reward").dim(0);
        byte[][] out = new byte[obsSteps.length][];
        CarRacing env = new CarRacing(v);
        env.reset(seed);
        for (int k = 0; k < steps && k <= EARLY_STEPS; k++) {
            env.step(actions[3 * k], actions[3 * k + 1], actions[3 * k + 2]);
            for (int i = 0; i < obsSteps.length; i++) if (obsSteps[i] == k) out[i] = env.observation().clone();
        }
        return out;
    }
}
