// SPDX-License-Identifier: MIT
// JMH: CarRacing speed per version - step with the 96x96 state pixels, step without pixels, render alone,
// reset (track generation + bodies + the silent step) and the agent's preprocessing (96x96 -> 64x64).
package org.worldmodels.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.worldmodels.env.CarRacing;
import org.worldmodels.env.CarRacingConstants;
import org.worldmodels.env.EnvVersion;
import org.worldmodels.env.FrameRenderer;
import org.worldmodels.env.StepResult;
import org.worldmodels.env.render.StatePixels;
import org.worldmodels.vision.FramePreprocessor;

/**
 * Episodes are realistic: the car follows a fixed, seeded action script (random steering with mostly gas,
 * some braking: it drives along the road, onto the grass and sometimes off the playfield) and the env is
 * reset on the next seed when the episode ends or reaches 1000 steps. Those resets run inside the step
 * benchmarks (one per episode, at most 1 in 1000 steps; {@link #reset} gives their cost on its own).
 * Gymnasium CarRacing-v3 on this machine kind: 150 steps/s with pixels, reset 12.9 ms; gym v0: 215 steps/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dworldmodels.threads=1"})
public class EnvBenchmark {
    /** Length of the action script, cycled; a prime so it does not line up with episode lengths. */
    private static final int SCRIPT = 997;

    @Param({"v0", "v3"})
    String version;

    private CarRacing pixels, physicsOnly, endless;
    private CarRacing resetEnv;
    private FrameRenderer renderer;
    private final float[] script = new float[3 * SCRIPT];
    private int pixelsAt, physicsAt, endlessAt;
    private long pixelsSeed, physicsSeed, resetSeed;
    private final byte[] frame = new byte[CarRacingConstants.STATE_H * CarRacingConstants.STATE_W * 3];
    private final FramePreprocessor preprocessor = new FramePreprocessor();
    private final byte[] small = new byte[FramePreprocessor.OUT * FramePreprocessor.OUT * 3];
    private final float[] chw = new float[3 * FramePreprocessor.OUT * FramePreprocessor.OUT];

    @Setup(Level.Trial)
    public void setUp() {
        EnvVersion v = EnvVersion.parse(version);
        SplittableRandom random = new SplittableRandom(7);
        for (int k = 0; k < SCRIPT; k++) {
            // steer uniform in [-1, 1]; gas 0.8 of the time; brake 1 step in 10 (half of those lock the wheels)
            script[3 * k] = (float) (2 * random.nextDouble() - 1);
            script[3 * k + 1] = random.nextDouble() < 0.8 ? (float) random.nextDouble() : 0f;
            script[3 * k + 2] = random.nextDouble() < 0.1 ? (float) random.nextDouble() : 0f;
        }
        renderer = StatePixels.forVersion(v);
        pixels = new CarRacing(v);
        pixels.reset(pixelsSeed++);
        physicsOnly = new CarRacing(v, (scene, rgb) -> { });   // draws nothing
        physicsOnly.reset(physicsSeed++);
        resetEnv = new CarRacing(v);
        endless = new CarRacing(v, (scene, rgb) -> { });
        endless.reset(0);
        // A frame mid-episode for the render and preprocessing benchmarks.
        for (int k = 0; k < 150; k++) drive(pixels, k);
        System.arraycopy(pixels.observation(), 0, frame, 0, frame.length);
    }

    private StepResult drive(CarRacing env, int k) {
        int i = k % SCRIPT;
        return env.step(script[3 * i], script[3 * i + 1], script[3 * i + 2]);
    }

    /** One step with the state pixels: physics + 96x96 render (what a rollout pays per frame). */
    @Benchmark
    public byte stepWithPixels() {
        StepResult r = drive(pixels, pixelsAt++);
        byte b = pixels.observation()[4660];
        if (r.done()) pixels.reset(pixelsSeed++);
        return b;
    }

    /** One step of physics, contacts and rewards only (a renderer that draws nothing). */
    @Benchmark
    public double stepPhysicsOnly() {
        StepResult r = drive(physicsOnly, physicsAt++);
        double reward = r.reward();
        if (r.done()) physicsOnly.reset(physicsSeed++);
        return reward;
    }

    /**
     * Allocation check (read its gc.alloc.rate.norm, not its time): physics steps of one endless episode,
     * never reset (past 1000 steps, wherever the script takes the car), so that no reset's track and bodies
     * are spread over the steps as in {@link #stepPhysicsOnly}.
     */
    @Benchmark
    public double stepPhysicsNoReset() {
        return drive(endless, endlessAt++).reward();
    }

    /** The 96x96 render alone, of one mid-episode scene (150 scripted steps in). */
    @Benchmark
    public byte renderOnly() {
        renderer.render(pixels, frame);
        return frame[4660];
    }

    /** reset(seed): track generation, tiles and car bodies, the silent step with its render. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte reset() {
        return resetEnv.reset(resetSeed++ % 1000)[4660];
    }

    /** 96x96 frame -> 64x64 uint8 (what the rollout files store). */
    @Benchmark
    public void preprocessUint8(Blackhole bh) {
        preprocessor.toUint8(frame, small);
        bh.consume(small);
    }

    /** 96x96 frame -> 3x64x64 floats in [0, 1] (the VAE's input). */
    @Benchmark
    public void preprocessFloat(Blackhole bh) {
        preprocessor.toFloatChw(frame, chw, 0);
        bh.consume(chw);
    }
}
