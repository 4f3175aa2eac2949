// SPDX-License-Identifier: MIT
// The policies that drive the car while rollouts for V are collected: no network, only random actions
// drawn in different ways, so that the frames cover as much of what the agent may later see.
package org.worldmodels.vision;

import java.util.Locale;
import org.worldmodels.tensor.StreamRandom;

/**
 * Actions are [steer in [-1,1], gas in [0,1], brake in [0,1]].
 * <ul>
 * <li>{@code uniform}: a fresh uniform action every step (barely moves the car: the noise averages out).</li>
 * <li>{@code held}: a uniform action held for a random 1..{@value #MAX_HOLD} steps, then a new one.</li>
 * <li>{@code brownian}: a random walk, a_{t+1} = clip(a_t + N(0, {@value #WALK_SIGMA}^2)), from a uniform start.</li>
 * </ul>
 * docs/vision.md measures which gives the most varied frames; that one is {@link #DEFAULT}.
 */
public enum ExplorationPolicy {
    UNIFORM, HELD, BROWNIAN;

    public static final int MAX_HOLD = 20;
    public static final double WALK_SIGMA = 0.1;
    public static final ExplorationPolicy DEFAULT = HELD;

    /** Chooses one episode's actions; holds its own state (the held action, the walk's position). */
    public interface Actor {
        /** Writes the next action [steer, gas, brake] into {@code action}. */
        void next(float[] action);
    }

    public static ExplorationPolicy parse(String name) {
        for (ExplorationPolicy p : values()) if (p.cliName().equals(name.toLowerCase(Locale.ROOT))) return p;
        throw new IllegalArgumentException("unknown policy '" + name + "' (uniform, held or brownian)");
    }

    public String cliName() { return name().toLowerCase(Locale.ROOT); }

    /** A fresh actor for one episode, all its randomness from {@code rng}. */
    public Actor start(StreamRandom rng) {
        return switch (this) {
            case UNIFORM -> a -> uniform(rng, a);
            case HELD -> new Actor() {
                int left;

                public void next(float[] a) {
                    if (left == 0) {
                        uniform(rng, held);
                        left = 1 + rng.nextInt(MAX_HOLD);
                    }
                    left--;
                    System.arraycopy(held, 0, a, 0, 3);
                }

                final float[] held = new float[3];
            };
            case BROWNIAN -> new Actor() {
                final float[] walk = new float[3];
                boolean started;

                public void next(float[] a) {
                    if (!started) {
                        uniform(rng, walk);
                        started = true;
                    } else {
                        walk[0] = clip(walk[0] + WALK_SIGMA * rng.nextGaussian(), -1, 1);
                        walk[1] = clip(walk[1] + WALK_SIGMA * rng.nextGaussian(), 0, 1);
                        walk[2] = clip(walk[2] + WALK_SIGMA * rng.nextGaussian(), 0, 1);
                    }
                    System.arraycopy(walk, 0, a, 0, 3);
                }
            };
        };
    }

    private static void uniform(StreamRandom rng, float[] a) {
        a[0] = (float) (2 * rng.nextDouble() - 1);
        a[1] = (float) rng.nextDouble();
        a[2] = (float) rng.nextDouble();
    }

    private static float clip(double v, double lo, double hi) { return (float) Math.max(lo, Math.min(hi, v)); }
}
