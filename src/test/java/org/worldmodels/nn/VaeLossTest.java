// SPDX-License-Identifier: MIT
// VaeLoss: finite differences (including samples clamped at the KL floor) and PyTorch's values and
// gradients (fixtures/vae_b4.npz, keys loss.*, from src/test/python/make_vae_fixtures.py).
package org.worldmodels.nn;

import org.junit.jupiter.api.Test;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VaeLossTest {
    /** The loss is smooth in every input away from the floor; O(h^2) truncation error only. */
    static final double FD_TOL = 1e-3;
    static final double FD_STEP = 1e-3;
    /** Relative error against PyTorch (ArrayCompare's definition). */
    static final double FIXTURE_TOL = 1e-5;

    @Test
    void backwardMatchesFiniteDifferencesOnBothSidesOfTheFloor() {
        int batch = 4, pixels = 10, zDim = 8;
        VaeLoss loss = new VaeLoss(pixels, zDim);     // floor = 0.5 * 8 = 4
        float[] x = GradCheck.uniform(batch * pixels, 0, 1, 1), xHat = GradCheck.uniform(batch * pixels, 0, 1, 2);
        float[] mu = new float[batch * zDim], logVar = GradCheck.uniform(batch * zDim, -0.5, 0.5, 3);
        SplittableRandom rng = new SplittableRandom(4);
        double[] spread = {2.0, 1.5, 0.3, 0.2};       // samples 0, 1 above the floor, 2, 3 below it
        for (int i = 0; i < mu.length; i++) mu[i] = (float) (spread[i / zDim] * rng.nextGaussian());
        assertTrue(loss.klOfSample(0, mu, logVar) > loss.klFloor + 1 && loss.klOfSample(1, mu, logVar) > loss.klFloor + 1);
        assertTrue(loss.klOfSample(2, mu, logVar) < loss.klFloor - 1 && loss.klOfSample(3, mu, logVar) < loss.klFloor - 1);

        float[] dXHat = new float[xHat.length], dMu = new float[mu.length], dLogVar = new float[logVar.length];
        loss.backward(batch, x, xHat, mu, logVar, dXHat, dMu, dLogVar);
        GradCheck.Objective f = () -> loss.forward(batch, x, xHat, mu, logVar).total();
        GradCheck.check("dXHat", xHat, 0, xHat.length, dXHat, 0, f, FD_STEP, FD_TOL, xHat.length, 1);
        GradCheck.check("dMu", mu, 0, mu.length, dMu, 0, f, FD_STEP, FD_TOL, mu.length, 1);
        GradCheck.check("dLogVar", logVar, 0, logVar.length, dLogVar, 0, f, FD_STEP, FD_TOL, logVar.length, 1);
        for (int i = 2 * zDim; i < 4 * zDim; i++) {
            assertEquals(0f, dMu[i], "clamped sample: no gradient on mu at " + i);
            assertEquals(0f, dLogVar[i], "clamped sample: no gradient on logVar at " + i);
        }
    }

    @Test
    void partsAddUp() {
        int batch = 2, pixels = 3, zDim = 2;
        VaeLoss loss = new VaeLoss(pixels, zDim);   // floor 1
        float[] x = {0, 0, 0, 1, 1, 1}, xHat = {1, 0, 0, 1, 1, 0.5f};
        float[] mu = {3, 0, 0, 0}, logVar = {0, 0, 0, 0};   // KL = 4.5 and 0
        VaeLoss.Parts p = loss.forward(batch, x, xHat, mu, logVar);
        assertEquals((1 + 0.25) / 2, p.reconstruction(), 1e-12);
        assertEquals((4.5 + 0) / 2, p.kl(), 1e-12);
        assertEquals((4.5 + 1) / 2, p.klClipped(), 1e-12);
        assertEquals(p.reconstruction() + p.klClipped(), p.total(), 1e-12);
    }

    @Test
    void matchesPyTorch() throws IOException {
        Map<String, NpyArray> fx = Npy.readNpz(Path.of("src/test/resources/fixtures/vae_b4.npz"));
        int batch = 4, zDim = 32, pixels = 3 * 64 * 64;
        VaeLoss loss = new VaeLoss(pixels, zDim);
        float[] x = fx.get("x").asFloats(), xHat = fx.get("reconstruction").asFloats();
        float[] mu = fx.get("loss.mu").asFloats(), logVar = fx.get("loss.logvar").asFloats();
        VaeLoss.Parts p = loss.forward(batch, x, xHat, mu, logVar);
        double[] ref = fx.get("loss.parts").asDoubles(), klRef = fx.get("loss.kl_per_sample").asDoubles();
        ArrayCompare.assertClose("reconstruction", ref[0], p.reconstruction(), 1, FIXTURE_TOL);
        ArrayCompare.assertClose("kl", ref[1], p.kl(), 1, FIXTURE_TOL);
        ArrayCompare.assertClose("clipped kl", ref[2], p.klClipped(), 1, FIXTURE_TOL);
        ArrayCompare.assertClose("total", ref[3], p.total(), 1, FIXTURE_TOL);
        for (int b = 0; b < batch; b++) ArrayCompare.assertClose("kl of sample " + b, klRef[b], loss.klOfSample(b, mu, logVar), 1, FIXTURE_TOL);

        float[] dXHat = new float[xHat.length], dMu = new float[mu.length], dLogVar = new float[logVar.length];
        loss.backward(batch, x, xHat, mu, logVar, dXHat, dMu, dLogVar);
        ArrayCompare.assertClose("dXHat", fx.get("loss.dxhat").asFloats(), dXHat, FIXTURE_TOL);
        ArrayCompare.assertClose("dMu", fx.get("loss.dmu").asFloats(), dMu, FIXTURE_TOL);
        ArrayCompare.assertClose("dLogVar", fx.get("loss.dlogvar").asFloats(), dLogVar, FIXTURE_TOL);
    }
}
