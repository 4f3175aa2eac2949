// SPDX-License-Identifier: MIT
// ReLU and sigmoid: finite-difference checks of the backward passes, in-place forward, accumulation.
package org.worldmodels.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ActivationsTest {
    /** Sigmoid's central difference has O(h^2) truncation error; ReLU's is exact away from 0. */
    static final double FD_TOL = 1e-3;
    static final double FD_STEP = 1e-3;
    static final int N = 200;

    /** Inputs in [-4, 4] but at least 0.05 away from ReLU's kink, so a step of 1e-3 never crosses it. */
    private static float[] inputs() {
        float[] x = GradCheck.uniform(N, -4, 4, 21);
        for (int i = 0; i < N; i++) if (Math.abs(x[i]) < 0.05f) x[i] = x[i] < 0 ? -0.5f : 0.5f;
        return x;
    }

    @Test
    void reluBackwardMatchesFiniteDifferences() {
        float[] x = inputs(), r = GradCheck.uniform(N, -1, 1, 22), y = new float[N];
        GradCheck.Objective f = () -> {
            Activations.reluForward(x, 0, y, 0, N);
            return GradCheck.project(r, y, 0, N);
        };
        f.value();
        float[] dX = new float[N];
        Activations.reluBackward(y, 0, r, 0, dX, 0, N);
        GradCheck.check("relu", x, 0, N, dX, 0, f, FD_STEP, FD_TOL, N, 1);
        Activations.reluBackward(y, 0, r, 0, dX, 0, N);   // accumulates
        for (int i = 0; i < N; i++) assertEquals(x[i] > 0 ? 2 * r[i] : 0f, dX[i], 0f, "relu dX at " + i);
    }

    @Test
    void sigmoidBackwardMatchesFiniteDifferences() {
        float[] x = inputs(), r = GradCheck.uniform(N, -1, 1, 23), y = new float[N];
        GradCheck.Objective f = () -> {
            Activations.sigmoidForward(x, 0, y, 0, N);
            return GradCheck.project(r, y, 0, N);
        };
        f.value();
        float[] dX = new float[N];
        Activations.sigmoidBackward(y, 0, r, 0, dX, 0, N);
        GradCheck.check("sigmoid", x, 0, N, dX, 0, f, FD_STEP, FD_TOL, N, 1);
    }

    @Test
    void forwardRunsInPlace() {
        float[] x = inputs(), y = new float[N], inPlace = x.clone();
        Activations.sigmoidForward(x, 0, y, 0, N);
        Activations.sigmoidForward(inPlace, 0, inPlace, 0, N);
        for (int i = 0; i < N; i++) assertEquals(y[i], inPlace[i], 0f, "sigmoid in place at " + i);
        Activations.reluForward(x, 0, y, 0, N);
        inPlace = x.clone();
        Activations.reluForward(inPlace, 0, inPlace, 0, N);
        for (int i = 0; i < N; i++) assertEquals(y[i], inPlace[i], 0f, "relu in place at " + i);
    }
}
