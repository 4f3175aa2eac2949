// SPDX-License-Identifier: MIT
// Walks the recorded trajectories and hands every stored observation, with the scene it was drawn
// from (tile touches replayed by TileTouches), to a test.
package org.worldmodels.env.render;

import java.util.Arrays;

final class TrajectoryFrames {
    private TrajectoryFrames() {}

    static final String[] SCRIPTS = {"A_full_gas", "B_sine_steer", "C_mixed"};

    interface Frame {
        void accept(RecordedScene scene, byte[] reference, int seed, String script, int step);
    }

    /** Steps whose visited-tile count was compared in the last {@link #forEach}. */
    static int stepsChecked;

    /** Returns how many steps had a reconstructed visited-tile count different from the recording. */
    static int forEach(String version, int seeds, Frame frame) {
        int countMismatches = 0;
        stepsChecked = 0;
        for (int seed = 0; seed < seeds; seed++) {
            for (String script : SCRIPTS) {
                RecordedScene scene = new RecordedScene(version, seed);
                RecordedScene.Traj traj = RecordedScene.traj(version, seed, script);
                TileTouches touches = new TileTouches(scene.track, scene.touched);
                touches.collide(scene); // poses after reset: their contacts begin in step 0
                double[] phase = new double[4]; // v3: running sum of omega dt (0 after the reset step)
                int frameBytes = RecordedScene.PIXELS * 3, next = 0;
                for (int k = 0; k < traj.steps && next < traj.obsSteps.length; k++) {
                    for (int w = 0; w < 4; w++) phase[w] += traj.wheelOmega[4 * k + w] * 0.02;
                    scene.step(traj, k, phase);
                    if (touches.visitedCount() != traj.visited[k]) countMismatches++;
                    stepsChecked++;
                    if (k == traj.obsSteps[next]) {
                        System.arraycopy(touches.touched, 0, scene.touched, 0, scene.touched.length);
                        byte[] ref = Arrays.copyOfRange(traj.obs, next * frameBytes, (next + 1) * frameBytes);
                        frame.accept(scene, ref, seed, script, k);
                        next++;
                    }
                    touches.collide(scene);
                }
            }
        }
        return countMismatches;
    }
}
