// SPDX-License-Identifier: MIT
// The v3 renderer against Gymnasium's recorded frames: mean absolute error per channel.
package org.worldmodels.env.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatePixelsV3Test {
    /** Spec: mean absolute error at most 2 levels (of 255) per channel. */
    static final double MAX_MEAN_ABS_ERROR = 2.0;
    static final int SEEDS = 10;

    @Test
    void resetFramesAreWithinTheErrorBudget() {
        StatePixelsV3 renderer = new StatePixelsV3();
        byte[] rgb = new byte[RecordedScene.PIXELS * 3];
        double[] sum = new double[3];
        double worst = 0;
        int worstSeed = -1;
        for (int seed = 0; seed < SEEDS; seed++) {
            RecordedScene scene = new RecordedScene("carracing", seed);
            renderer.render(scene, rgb);
            double[] e = FrameCompare.meanAbsError(rgb, scene.resetObs);
            for (int c = 0; c < 3; c++) {
                sum[c] += e[c] / SEEDS;
                if (e[c] > worst) {
                    worst = e[c];
                    worstSeed = seed;
                }
            }
            if (seed < 2) FrameCompare.writeSideBySide(String.format("render-v3-reset-seed%02d.png", seed), rgb, scene.resetObs, 96, 96, 4);
        }
        System.out.printf("v3 reset frames: mean abs error per channel R %.3f G %.3f B %.3f; worst frame channel %.3f (seed %d)%n",
            sum[0], sum[1], sum[2], worst, worstSeed);
        for (int c = 0; c < 3; c++) {
            assertTrue(sum[c] <= MAX_MEAN_ABS_ERROR, "channel " + c + " mean abs error " + sum[c] + "; worst seed " + worstSeed);
        }
    }

    @Test
    void trajectoryFramesAreWithinTheErrorBudget() {
        StatePixelsV3 renderer = new StatePixelsV3();
        byte[] rgb = new byte[RecordedScene.PIXELS * 3];
        double[] sum = new double[3], worst = {0};
        int[] frames = {0};
        String[] worstFrame = {"none"};
        int countMismatches = TrajectoryFrames.forEach("carracing", SEEDS, (scene, ref, seed, script, k) -> {
            renderer.render(scene, rgb);
            double[] e = FrameCompare.meanAbsError(rgb, ref);
            frames[0]++;
            for (int c = 0; c < 3; c++) {
                sum[c] += e[c];
                if (e[c] > worst[0]) {
                    worst[0] = e[c];
                    worstFrame[0] = "seed " + seed + " " + script + " step " + k + " channel " + c;
                }
            }
            if (seed == 3 && script.startsWith("C") && (k == 100 || k == 200)) {
                FrameCompare.writeSideBySide(String.format("render-v3-seed%02d-C-step%03d.png", seed, k), rgb, ref, 96, 96, 4);
            }
        });
        for (int c = 0; c < 3; c++) sum[c] /= frames[0];
        System.out.printf("v3 trajectory frames: %d frames, mean abs error per channel R %.3f G %.3f B %.3f; worst %s %.3f;"
            + " steps with a wrong visited count: %d of %d%n", frames[0], sum[0], sum[1], sum[2], worstFrame[0], worst[0], countMismatches, TrajectoryFrames.stepsChecked);
        for (int c = 0; c < 3; c++) {
            assertTrue(sum[c] <= MAX_MEAN_ABS_ERROR, "channel " + c + " mean abs error " + sum[c] + "; worst " + worstFrame[0]);
        }
        assertTrue(countMismatches == 0, countMismatches + " steps with a wrong visited-tile count: the touched tiles are not reconstructed");
    }
}
