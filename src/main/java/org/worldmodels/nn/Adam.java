// SPDX-License-Identifier: MIT
// Adam with PyTorch's semantics (torch.optim.Adam, no weight decay, no amsgrad) over a ParamSet.
package org.worldmodels.nn;

import org.worldmodels.tensor.ParamSet;

/**
 * Adam (Kingma & Ba) exactly as PyTorch applies it:
 * {@code m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 * One loop over the whole flat buffer, because every parameter lives in it.
 */
public final class Adam {
    private final ParamSet params;
    private final float[] m;
    private final float[] v;
    private final double beta1, beta2, eps;
    private double learningRate;
    private long step;

    public Adam(ParamSet params, double learningRate) {
        this(params, learningRate, 0.9, 0.999, 1e-8);
    }

    public Adam(ParamSet params, double learningRate, double beta1, double beta2, double eps) {
        this.params = params;
        this.m = new float[params.size()];
        this.v = new float[params.size()];
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** Applies one update from {@code params.grad} (which it leaves untouched). */
    public void step() {
        step++;
        double bias1 = 1 - Math.pow(beta1, step);
        double bias2 = 1 - Math.pow(beta2, step);
        float stepSize = (float) (learningRate / bias1);
        float sqrtBias2 = (float) Math.sqrt(bias2);
        float b1 = (float) beta1, b2 = (float) beta2, e = (float) eps;
        float[] p = params.data, g = params.grad;
        for (int i = 0; i < p.length; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            float denom = (float) Math.sqrt(v[i]) / sqrtBias2 + e;
            p[i] -= stepSize * m[i] / denom;
        }
    }

    public double learningRate() { return learningRate; }

    public void setLearningRate(double lr) { this.learningRate = lr; }

    /** Number of updates applied so far (PyTorch's {@code state['step']}). */
    public long stepCount() { return step; }

    /** First-moment buffer (live; for checkpoints). */
    public float[] firstMoment() { return m; }

    /** Second-moment buffer (live; for checkpoints). */
    public float[] secondMoment() { return v; }

    /** Restores the optimiser state saved from {@link #firstMoment()}, {@link #secondMoment()}, {@link #stepCount()}. */
    public void restore(float[] firstMoment, float[] secondMoment, long stepCount) {
        if (firstMoment.length != m.length || secondMoment.length != v.length) {
            throw new IllegalArgumentException("optimiser state for " + firstMoment.length + " parameters, model has " + m.length);
        }
        System.arraycopy(firstMoment, 0, m, 0, m.length);
        System.arraycopy(secondMoment, 0, v, 0, v.length);
        this.step = stepCount;
    }
}
