// SPDX-License-Identifier: MIT
// Speed and allocation of CarRacing.step() without rendering: prints steps/s and bytes allocated per step.
// Run alone: ./worldmodels test -Dtest=CarRacingSpeedTest   (or run main() for a longer measurement)
package org.worldmodels.env;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Times 1000 physics steps (no renderer) after a warm-up; reports, never asserts, the time. */
class CarRacingSpeedTest {
    static final int STEPS = 1000;

    /** Result of one measurement: microseconds per step and bytes allocated per step. */
    record Speed(double microsPerStep, double cpuMicrosPerStep, double bytesPerStep) {
        double stepsPerSecond() { return 1e6 / microsPerStep; }
    }

    static Speed measure(EnvVersion version, int warmupSteps, int steps) {
        ReferenceTrajectory ref = new ReferenceTrajectory(version, 0, "C_mixed");
        CarRacing env = new CarRacing(version, new NoRenderer());
        env.reset(ref.track);
        run(env, ref, warmupSteps);
        env.reset(ref.track);
        run(env, ref, 1);   // settle contacts of the new episode
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long bytes0 = mx.getThreadAllocatedBytes(tid);
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        run(env, ref, steps);
        long t1 = System.nanoTime();
        long cpu1 = mx.getCurrentThreadCpuTime();
        long bytes1 = mx.getThreadAllocatedBytes(tid);
        // Thread CPU time is reported beside wall time: on a shared machine the wall clock includes waiting.
        return new Speed((t1 - t0) / 1e3 / steps, (cpu1 - cpu0) / 1e3 / steps, (double) (bytes1 - bytes0) / steps);
    }

    /** Steps through the C_mixed script (cycled): gas, steering, braking, grass and road. */
    private static void run(CarRacing env, ReferenceTrajectory ref, int steps) {
        for (int k = 0; k < steps; k++) {
            int i = k % ref.steps;
            env.step(ref.actions[3 * i], ref.actions[3 * i + 1], ref.actions[3 * i + 2]);
        }
    }

    @Test
    void printsStepsPerSecond() {
        for (EnvVersion v : EnvVersion.values()) {
            Speed s = measure(v, 3000, STEPS);
            System.out.printf("CarRacing %s physics only: %.1f us/step = %.0f steps/s (thread CPU %.1f us/step), %.0f bytes allocated/step%n",
                    v, s.microsPerStep(), s.stepsPerSecond(), s.cpuMicrosPerStep(), s.bytesPerStep());
            assertTrue(s.microsPerStep() > 0);
        }
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        for (int r = 0; r < 3; r++) {
            Speed s = measure(EnvVersion.V0, 20000, steps);
            System.out.printf("%.1f us/step = %.0f steps/s (thread CPU %.1f us/step), %.0f bytes/step%n",
                    s.microsPerStep(), s.stepsPerSecond(), s.cpuMicrosPerStep(), s.bytesPerStep());
        }
    }

    @Test
    void theCarModelDoesNotAllocate() {
        // Car.step alone (the tyre model we own; World.step is JBox2D's): zero bytes per call once compiled.
        org.jbox2d.dynamics.World world = new org.jbox2d.dynamics.World(new org.jbox2d.common.Vec2(0, 0));
        Car car = new Car(world, 0.3, 10, 20);
        car.gas(1);
        car.steer(0.4);
        for (int k = 0; k < 50_000; k++) car.step(0.02);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int k = 0; k < 10_000; k++) car.step(0.02);
        long bytes = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(bytes < 1024, "Car.step allocated " + bytes + " bytes over 10000 calls");
    }
}
