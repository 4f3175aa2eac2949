// SPDX-License-Identifier: MIT
// A warmed-up CarRacing step allocates nothing: not our code, and not JBox2D's (whose StrictMath sin/cos
// and pair sort did, about 3.6 KB per step, until org.jbox2d.common.MathUtils and
// org.jbox2d.collision.broadphase.BroadPhase were replaced by our non-allocating versions).
package org.worldmodels.env;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class StepAllocationTest {
    static final int WARMUP_STEPS = 6000;
    static final int MEASURED_STEPS = 3000;
    /**
     * Bytes tolerated over all measured steps: room for a stray object (e.g. after a late
     * recompilation), far below one array per step (the old figure was 3.6 KB per step, 10 MB here).
     */
    static final long MAX_BYTES = 1024;

    @Test
    void v0PhysicsStepDoesNotAllocate() {
        check(EnvVersion.V0, new NoRenderer(), "physics only");
    }

    @Test
    void v3PhysicsStepDoesNotAllocate() {
        check(EnvVersion.V3, new NoRenderer(), "physics only");
    }

    @Test
    void v0StepWithFrameDoesNotAllocate() {
        check(EnvVersion.V0, null, "with its frame");
    }

    @Test
    void v3StepWithFrameDoesNotAllocate() {
        check(EnvVersion.V3, null, "with its frame");
    }

    /** renderer null: the version's own state-pixels renderer. */
    private static void check(EnvVersion version, FrameRenderer renderer, String what) {
        // Three scripts cycled: full gas (leaves the road), sine steering (slides, spins: large body
        // angles, i.e. sin/cos with argument reduction) and mixed gas/brake/steering.
        ReferenceTrajectory[] scripts = new ReferenceTrajectory[ReferenceTrajectory.SCRIPTS.length];
        for (int s = 0; s < scripts.length; s++) {
            scripts[s] = new ReferenceTrajectory(version, 1, ReferenceTrajectory.SCRIPTS[s]);
        }
        CarRacing env = renderer == null ? new CarRacing(version) : new CarRacing(version, renderer);
        for (int episode = 0; episode < WARMUP_STEPS / 1000; episode++) {   // warm-up across resets: JIT, pools
            env.reset(episode);
            run(env, scripts, 1000);
        }
        // The measured episode once in full first: what is memoised on first use is then in place (JBox2D's
        // contact pools at their high-water mark; v3's score label, drawn once per number it shows).
        env.reset(scripts[0].track);
        run(env, scripts, MEASURED_STEPS + 1);
        env.reset(scripts[0].track);
        run(env, scripts, 1);   // the new episode's first contacts

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        run(env, scripts, MEASURED_STEPS);
        long bytes = threads.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("CarRacing %s step %s: %d bytes allocated over %d steps%n", version, what, bytes, MEASURED_STEPS);
        assertTrue(bytes <= MAX_BYTES, version + " step " + what + " allocated " + bytes + " bytes over " + MEASURED_STEPS + " steps");
    }

    /** Steps through the scripts' recorded actions, 100 steps of each in turn. */
    private static void run(CarRacing env, ReferenceTrajectory[] scripts, int steps) {
        for (int k = 0; k < steps; k++) {
            ReferenceTrajectory script = scripts[(k / 100) % scripts.length];
            int i = k % script.steps;
            env.step(script.actions[3 * i], script.actions[3 * i + 1], script.actions[3 * i + 2]);
        }
    }
}
