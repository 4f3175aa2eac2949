// SPDX-License-Identifier: MIT
// The renderers run inside env.step: after warm-up they must not allocate per frame.
package org.worldmodels.env.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.worldmodels.env.FrameRenderer;

class RenderAllocationTest {
    /** Bytes tolerated over all measured frames (a stray boxed value, not one array per frame). */
    static final long MAX_BYTES = 4096;
    static final int FRAMES = 1200;

    @Test
    void v0DoesNotAllocatePerFrame() {
        check(new StatePixelsV0(), "carracing-v0");
    }

    @Test
    void v3DoesNotAllocatePerFrame() {
        check(new StatePixelsV3(), "carracing"); // score patches are cached per text during the warm-up pass
    }

    private static void check(FrameRenderer renderer, String version) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RecordedScene scene = new RecordedScene(version, 1);
        RecordedScene.Traj traj = RecordedScene.traj(version, 1, "B_sine_steer");
        byte[] rgb = new byte[RecordedScene.PIXELS * 3];
        double[] phase = new double[4];
        for (int i = 0; i < FRAMES; i++) {
            scene.step(traj, i % traj.steps, phase);
            renderer.render(scene, rgb);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < FRAMES; i++) {
            scene.step(traj, i % traj.steps, phase); // v0 parses the recorded score text: measured apart
            renderer.render(scene, rgb);
        }
        long during = threads.getCurrentThreadAllocatedBytes() - before;
        long sceneOnly = sceneAllocations(threads, scene, traj, phase);
        long renderBytes = during - sceneOnly;
        System.out.printf("%s: %d bytes allocated by render over %d frames%n", version, renderBytes, FRAMES);
        assertTrue(renderBytes <= MAX_BYTES, version + " render allocated " + renderBytes + " bytes over " + FRAMES + " frames");
    }

    private static long sceneAllocations(com.sun.management.ThreadMXBean threads, RecordedScene scene, RecordedScene.Traj traj, double[] phase) {
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < FRAMES; i++) scene.step(traj, i % traj.steps, phase);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
