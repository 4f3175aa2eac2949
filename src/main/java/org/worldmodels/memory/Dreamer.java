// SPDX-License-Identifier: MIT
// Dreams: M rolled forward in latent space on its own samples, z_{t+1} ~ M(z_t, a_t, h_t) at temperature
// tau, with actions from a policy (recorded actions or a controller); V decodes them to frames elsewhere.
package org.worldmodels.memory;

import java.util.random.RandomGenerator;

/** Closed-loop rollouts of M from a start latent (paper section 4.4: "training inside of the dream"). */
public final class Dreamer {
    private Dreamer() {}

    /** The action at dream step t given the current z (32) and the LSTM's h (256), into a (3). */
    @FunctionalInterface
    public interface Policy {
        void act(int t, float[] z, float[] h, float[] a);
    }

    /**
     * z_0 = z0; for t = 0..steps-1: a_t = policy(z_t, h_t); (h, c) <- LSTM([z_t, a_t], (h, c));
     * z_{t+1} ~ mixture(h) with temperature tau (logits / tau, sigma * sqrt(tau)). h and c start at zero.
     */
    // z0 (32) -> z (steps+1, 32)
    public static float[] roll(MdnRnn m, float[] z0, int steps, double tau, Policy policy, RandomGenerator rng) {
        if (z0.length != MdnRnn.Z) throw new IllegalArgumentException("start z has " + z0.length + " values, expected " + MdnRnn.Z);
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        MdnRnn.StepScratch scratch = new MdnRnn.StepScratch(1);
        float[] h = new float[MdnRnn.H], c = new float[MdnRnn.H], out = new float[MdnRnn.OUT], a = new float[MdnRnn.A];
        float[] z = z0.clone(), zs = new float[(steps + 1) * MdnRnn.Z];
        System.arraycopy(z0, 0, zs, 0, MdnRnn.Z);
        for (int t = 0; t < steps; t++) {
            policy.act(t, z, h, a);
            m.step(scratch, 1, z, a, h, c, out);
            m.sampleNext(1, out, tau, rng, z);
            System.arraycopy(z, 0, zs, (t + 1) * MdnRnn.Z, MdnRnn.Z);
        }
        return zs;
    }
}
