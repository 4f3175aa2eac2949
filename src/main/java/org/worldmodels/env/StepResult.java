// SPDX-License-Identifier: MIT
// What one CarRacing step returns besides the observation: reward and the two end flags.
package org.worldmodels.env;

/** Result of {@link CarRacing#step}; one instance per environment, overwritten by every step. */
public final class StepResult {
    private double reward;
    private boolean terminated, truncated;

    StepResult set(double reward, boolean terminated, boolean truncated) {
        this.reward = reward;
        this.terminated = terminated;
        this.truncated = truncated;
        return this;
    }

    /** Reward of this step: difference of the running sum (new tiles * 1000/N - 0.1), or -100 off the playfield. */
    public double reward() { return reward; }

    /** The episode ended in the environment: every tile visited, off the playfield (or, v3, a lap). */
    public boolean terminated() { return terminated; }

    /** The 1000-step time limit was reached (the reference's TimeLimit wrapper). */
    public boolean truncated() { return truncated; }

    /** v0's single flag: terminated or truncated. */
    public boolean done() { return terminated || truncated; }
}
