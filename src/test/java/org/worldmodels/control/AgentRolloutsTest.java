// SPDX-License-Identifier: MIT
// The lockstep rollout engine against a plain one-episode-at-a-time agent loop (random V, M and C on
// real CarRacing v0): same rewards bit for bit for any worker count and batch size; faults and time-outs.
package org.worldmodels.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.worldmodels.env.CarRacing;
import org.worldmodels.env.EnvVersion;
import org.worldmodels.env.FrameRenderer;
import org.worldmodels.env.StepResult;
import org.worldmodels.env.TrackGenerator;
import org.worldmodels.env.render.StatePixels;
import org.worldmodels.env.rng.TrackRandom;
import org.worldmodels.log.Log;
import org.worldmodels.memory.MdnRnn;
import org.worldmodels.vision.ConvVae;
import org.worldmodels.vision.FramePreprocessor;

class AgentRolloutsTest {
    static final int MAX_STEPS = 8;
    /** Agent steps (encode, z, C, LSTM; the environments do not move) before the allocation is measured. */
    static final int WARM_UP_STEPS = 300;
    static ConvVae vae;
    static MdnRnn rnn;
    static float[][] table;
    static List<EpisodeSpec> episodes;
    /** oneAtATime of every episode, computed once. */
    static double[] oracle;

    @BeforeAll
    static void models() {
        Log.setQuiet(true);
        vae = new ConvVae(1);
        vae.initDefault(11);
        rnn = new MdnRnn();
        rnn.initDefault(new SplittableRandom(12));
        table = randomControllers(3, 13);
        episodes = new ArrayList<>();
        for (int i = 0; i < 5; i++) episodes.add(new EpisodeSpec(i % 3, 100 + i, Seeds.of(7, i)));
        oracle = new double[episodes.size()];
        for (int i = 0; i < oracle.length; i++) oracle[i] = oneAtATime(table[episodes.get(i).candidate()], episodes.get(i), true);
    }

    static float[][] randomControllers(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] t = new float[n][Controller.SIZE];
        for (float[] p : t) for (int i = 0; i < p.length; i++) p[i] = (float) rng.nextGaussian() * 0.3f;
        return t;
    }

    static AgentRollouts.Options options(int workers, int envs) {
        return AgentRollouts.Options.defaults().withWorkers(workers).withEnvsPerWorker(envs).withMaxSteps(MAX_STEPS);
    }

    /** The agent of spec section 5, one episode, batch 1, no packing: the oracle for the engine. */
    static double oneAtATime(float[] params, EpisodeSpec s, boolean sampleZ) {
        CarRacing env = new CarRacing(EnvVersion.V0);
        ConvVae v = new ConvVae(1);
        System.arraycopy(vae.params.data, 0, v.params.data, 0, vae.params.data.length);
        Controller ctl = new Controller();
        ctl.setParameters(params);
        FramePreprocessor pre = new FramePreprocessor();
        MdnRnn.StepScratch scratch = new MdnRnn.StepScratch(1);
        float[] x = new float[ConvVae.PIXELS], mu = new float[32], logVar = new float[32], z = new float[32];
        float[] h = new float[256], c = new float[256], a = new float[3], action = new float[3];
        SplittableRandom eps = new SplittableRandom(s.noiseSeed());
        byte[] obs = env.reset(s.trackSeed());
        double total = 0;
        for (int t = 0; t < MAX_STEPS; t++) {
            pre.toFloatChw(obs, x, 0);
            v.encode(1, x, mu, logVar);
            for (int j = 0; j < 32; j++) z[j] = sampleZ ? mu[j] + (float) Math.exp(logVar[j] / 2.0) * (float) eps.nextGaussian() : mu[j];
            ctl.act(1, z, h, a);
            Controller.toEnvAction(1, a, action);
            StepResult r = env.step(action[0], action[1], action[2]);
            total += r.reward();
            rnn.step(scratch, 1, z, action, h, c, null);
            if (r.done()) break;
        }
        return total;
    }

    static void assertSame(double[] want, double[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            int e = i;
            assertEquals(want[e], got[e], () -> what + ": episode " + e + " expected " + want[e] + " got " + got[e]);
        }
    }

    @Test
    void lockstepEqualsOneAtATimeForAnyWorkerCountAndBatch() {
        // the candidates drive differently, so equal rewards are not an accident of a car that never moves
        assertNotEquals(oracle[0], oracle[1], "candidates 0 and 1 gave the same reward");
        for (int[] we : new int[][] {{1, 5}, {2, 2}, {2, 3}}) {
            try (AgentRollouts r = new AgentRollouts(vae, rnn, options(we[0], we[1]))) {
                AgentRollouts.Result res = r.run(table, episodes);
                assertSame(oracle, res.rewards(), "W=" + we[0] + " E=" + we[1]);
                for (boolean f : res.failed()) assertFalse(f);
                for (int s : res.steps()) assertEquals(MAX_STEPS, s);
            }
        }
    }

    @Test
    void zEqualsMuOption() {
        EpisodeSpec s = episodes.get(1);
        try (AgentRollouts r = new AgentRollouts(vae, rnn, options(1, 2).withSampleZ(false))) {
            double got = r.run(table, List.of(s)).rewards()[0];
            assertEquals(oneAtATime(table[s.candidate()], s, false), got);
        }
    }

    @Test
    void replayGivesTheSameRewardAndEveryFrame() {
        EpisodeSpec s = episodes.get(2);
        AtomicInteger frames = new AtomicInteger();
        double got = AgentRollouts.replay(vae, rnn, options(1, 1), table[s.candidate()], s, (rgb, step, total) -> {
            assertEquals(frames.getAndIncrement(), step);
            assertEquals(96 * 96 * 3, rgb.length);
        });
        assertEquals(oracle[2], got);
        assertEquals(MAX_STEPS + 1, frames.get());
    }

    /** A renderer that throws (or sleeps) while drawing the track of one seed, a given number of times. */
    static final class FaultyRenderer implements FrameRenderer {
        final FrameRenderer real = StatePixels.forVersion(EnvVersion.V0);
        final double badX0;
        final AtomicInteger throwsLeft;
        final long sleepMs;

        FaultyRenderer(long badSeed, AtomicInteger throwsLeft, long sleepMs) {
            this.badX0 = TrackGenerator.generate(TrackRandom.forSeed(EnvVersion.V0, badSeed)).x[0];
            this.throwsLeft = throwsLeft;
            this.sleepMs = sleepMs;
        }

        @Override
        public void render(org.worldmodels.env.RenderScene scene, byte[] rgb) {
            if (scene.track().x[0] == badX0 && scene.time() > 0.03) {   // every step after reset's
                if (sleepMs > 0) {
                    try { Thread.sleep(sleepMs); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                } else if (throwsLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("injected fault");
                }
            }
            real.render(scene, rgb);
        }
    }

    AgentRollouts.Result runWithFaults(AtomicInteger throwsLeft, long sleepMs, double timeLimit) {
        long badSeed = episodes.get(3).trackSeed();
        try (AgentRollouts r = new AgentRollouts(vae, rnn, options(2, 2).withTimeLimit(timeLimit),
                () -> new CarRacing(EnvVersion.V0, new FaultyRenderer(badSeed, throwsLeft, sleepMs)))) {
            return r.run(table, episodes);
        }
    }

    @Test
    void aTransientFaultIsRetriedAndTheRetryCounts() {
        AgentRollouts.Result res = runWithFaults(new AtomicInteger(1), 0, 600);
        EpisodeSpec s = episodes.get(3);
        assertFalse(res.failed()[3]);
        assertEquals(oracle[3], res.rewards()[3]);
    }

    @Test
    void aPersistentFaultScoresAFailureAndSparesTheOthers() {
        AgentRollouts.Result res = runWithFaults(new AtomicInteger(Integer.MAX_VALUE), 0, 600);
        assertTrue(res.failed()[3]);
        assertEquals(AgentRollouts.FAILURE_REWARD, res.rewards()[3]);
        for (int i : new int[] {0, 1, 2, 4}) {
            assertFalse(res.failed()[i], "episode " + i);
            assertEquals(oracle[i], res.rewards()[i], "episode " + i);
        }
    }

    @Test
    void anEpisodeOverItsTimeLimitIsCutOffTwiceThenFails() {
        long t0 = System.nanoTime();
        AgentRollouts.Result res = runWithFaults(new AtomicInteger(0), 40, 0.1);   // cut off after 3 of 8 steps
        assertTrue(res.failed()[3]);
        assertEquals(AgentRollouts.FAILURE_REWARD, res.rewards()[3]);
        assertTrue(res.steps()[3] < MAX_STEPS, "cut off after " + res.steps()[3] + " steps");
        assertFalse(res.failed()[0]);
        assertTrue((System.nanoTime() - t0) / 1e9 < 60, "the slow episode held the run");
    }

    @Test
    void theAgentStepAllocatesNothing() {
        RolloutWorker w = new RolloutWorker(3, vae, rnn, () -> new CarRacing(EnvVersion.V0));
        RolloutJob job = new RolloutJob(table, episodes, MAX_STEPS, Long.MAX_VALUE, true);
        w.begin(job, null);
        assertEquals(3, w.live());
        // Warm-up: class loading, and the JIT, so that the SIMD kernels run compiled (interpreted Vector
        // API code allocates its vectors: run alone, with 3 warm-up steps, this measured the interpreter).
        // How long C2 takes depends on what ran before in this JVM (after ConvTest's many shapes, 300
        // steps were not enough for the LSTM's GEMV), so warm up in rounds until 5 steps allocate
        // nothing, at most 20 rounds: a step that really allocates fails every round.
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long bytes = -1;
        for (int round = 0; round < 20 && bytes != 0; round++) {
            for (int i = 0; i < WARM_UP_STEPS; i++) w.agentStep(true);
            long before = mx.getThreadAllocatedBytes(id);
            for (int i = 0; i < 5; i++) w.agentStep(true);
            bytes = mx.getThreadAllocatedBytes(id) - before;
        }
        assertEquals(0, bytes, "bytes allocated by 5 agent steps of a batch of 3 (encode, z, C, LSTM), after 20 warm-up rounds");
    }

    @Test
    void aControllerOfTheWrongSizeIsRefused() {
        try (AgentRollouts r = new AgentRollouts(vae, rnn, options(1, 1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> r.run(new float[][] {new float[866]}, List.of(new EpisodeSpec(0, 1, 1))));
            assertTrue(e.getMessage().contains("866") && e.getMessage().contains("867"), e.getMessage());
        }
    }
}
