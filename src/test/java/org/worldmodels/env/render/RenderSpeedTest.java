// SPDX-License-Identifier: MIT
// Prints how long render() takes per frame on recorded states (a figure for the docs; never asserts
// on time, which depends on the machine and its load).
package org.worldmodels.env.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.worldmodels.env.FrameRenderer;

class RenderSpeedTest {
    static final int WARMUP = 3000, FRAMES = Integer.getInteger("render.frames", 10000);

    @Test
    void v0() {
        report("v0", new StatePixelsV0(), "carracing-v0");
    }

    @Test
    void v3() {
        report("v3", new StatePixelsV3(), "carracing");
    }

    @Test
    void humanView() {
        RecordedScene scene = new RecordedScene("carracing", 0);
        RecordedScene.Traj traj = RecordedScene.traj("carracing", 0, "C_mixed");
        HumanView view = new HumanView();
        double[] phase = new double[4];
        int warmup = 100, frames = 300;
        long startCpu = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmup + frames; i++) {
            if (i == warmup) startCpu = threads.getCurrentThreadCpuTime();
            scene.step(traj, i % traj.steps, phase);
            view.render(scene);
        }
        double us = (threads.getCurrentThreadCpuTime() - startCpu) / 1e3 / frames;
        System.out.printf("render human view 600x400: %.0f us CPU per frame over %d frames%n", us, frames);
        assertTrue(us > 0);
    }

    /** Renders the 300 recorded states of seed 0's mixed trajectory round and round. */
    static void report(String name, FrameRenderer renderer, String version) {
        RecordedScene scene = new RecordedScene(version, 0);
        RecordedScene.Traj traj = RecordedScene.traj(version, 0, "C_mixed");
        int steps = traj.steps;
        double[] phase = new double[4];
        byte[] rgb = new byte[RecordedScene.PIXELS * 3];
        long checksum = 0, start = 0, startCpu = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < WARMUP + FRAMES; i++) {
            if (i == WARMUP) {
                start = System.nanoTime();
                startCpu = threads.getCurrentThreadCpuTime();
            }
            scene.step(traj, i % steps, phase);
            renderer.render(scene, rgb);
            checksum += rgb[(i * 97) % rgb.length];
        }
        double us = (System.nanoTime() - start) / 1e3 / FRAMES;
        double cpuUs = (threads.getCurrentThreadCpuTime() - startCpu) / 1e3 / FRAMES;
        // thread CPU time excludes the time other processes held the core (the machine is shared)
        System.out.printf("render %s: %.1f us CPU (%.1f us wall) per frame over %d frames incl. setting the recorded state (checksum %d)%n",
            name, cpuUs, us, FRAMES, checksum);
        assertTrue(us > 0);
    }
}

