// SPDX-License-Identifier: MIT
// The frozen (inference) encoder against the live one: the same bits from 3 images per batch on, a few
// ulps below, a snapshot of the weights, clear errors for a bad batch.
package org.worldmodels.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrozenEncoderTest {
    private static final int MAX = 8;

    private static ConvVae vae() {
        ConvVae vae = new ConvVae(MAX);
        vae.initDefault(3);
        return vae;
    }

    private static float[] frames(int batch, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[batch * ConvVae.PIXELS];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble();
        return x;
    }

    @Test
    void encodesAsTheLiveEncoder() {
        ConvVae vae = vae();
        FrozenEncoder frozen = vae.frozenEncoder(MAX);
        for (int batch : new int[] {1, 2, 3, 5, 8}) {
            float[] x = frames(batch, batch);
            float[] mu = new float[batch * ConvVae.Z], logVar = new float[batch * ConvVae.Z];
            float[] fMu = new float[batch * ConvVae.Z], fLogVar = new float[batch * ConvVae.Z];
            vae.encode(batch, x, mu, logVar);
            frozen.encode(batch, x, fMu, fLogVar);
            if (batch >= 3) {
                assertArrayEquals(mu, fMu, "mu, batch " + batch);
                assertArrayEquals(logVar, fLogVar, "logVar, batch " + batch);
            } else {
                // the live last layer's dot products in another order: float rounding only
                for (int i = 0; i < mu.length; i++) {
                    assertEquals(mu[i], fMu[i], 1e-5 * (1 + Math.abs(mu[i])), "mu[" + i + "], batch " + batch);
                    assertEquals(logVar[i], fLogVar[i], 1e-5 * (1 + Math.abs(logVar[i])), "logVar[" + i + "], batch " + batch);
                }
            }
        }
    }

    @Test
    void isASnapshotOfTheWeights() {
        ConvVae vae = vae();
        FrozenEncoder frozen = vae.frozenEncoder(4);
        float[] x = frames(4, 9);
        float[] before = new float[4 * ConvVae.Z], after = new float[4 * ConvVae.Z], logVar = new float[4 * ConvVae.Z];
        frozen.encode(4, x, before, logVar);
        vae.initDefault(4);   // training moves on; the frozen encoder does not
        frozen.encode(4, x, after, logVar);
        assertArrayEquals(before, after);
        float[] live = new float[4 * ConvVae.Z];
        vae.encode(4, x, live, logVar);
        assertTrue(live[0] != before[0], "the live encoder should see the new weights");
    }

    @Test
    void rejectsABadBatch() {
        FrozenEncoder frozen = vae().frozenEncoder(2);
        float[] z = new float[3 * ConvVae.Z];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> frozen.encode(3, frames(3, 1), z, z));
        assertTrue(e.getMessage().contains("1..2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> frozen.encode(2, new float[5], z, z));
        assertTrue(e.getMessage().contains("x 5"), e.getMessage());
    }
}
