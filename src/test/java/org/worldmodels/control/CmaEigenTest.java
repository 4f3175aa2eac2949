// SPDX-License-Identifier: MIT
// The eigendecomposition behind CMA-ES sampling: C = B diag(d^2) B^T with orthonormal B and ascending d, also for
// matrices of tiny overall scale, and pycma's repair of a matrix that lost positive definiteness.
package org.worldmodels.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CmaEigenTest {
    /** Relative reconstruction / orthonormality error allowed (double precision, n = 60). */
    private static final double TOLERANCE = 1e-12;

    private static double[][] randomSpd(int n, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] g = new double[n][n];
        for (double[] row : g) for (int j = 0; j < n; j++) row[j] = r.nextDouble() - 0.5;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += g[i][k] * g[j][k];
                c[i][j] = c[j][i] = scale * (s + (i == j ? 0.1 : 0));
            }
        }
        return c;
    }

    private static void assertDecomposes(double[][] c, CmaEigen e, String what) {
        int n = c.length;
        double maxAbs = 0, worst = 0;
        int wi = 0, wj = 0;
        for (double[] row : c) for (double v : row) maxAbs = Math.max(maxAbs, Math.abs(v));
        for (int j = 1; j < n; j++) assertTrue(e.d[j - 1] <= e.d[j], what + ": d not ascending at " + j);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double rec = 0, dot = 0;
                for (int k = 0; k < n; k++) {
                    rec += e.bt[k * n + i] * e.d[k] * e.d[k] * e.bt[k * n + j];   // (B D^2 B^T)_ij
                    dot += e.bt[i * n + k] * e.bt[j * n + k];                    // (B^T B)_ij
                }
                double err = Math.max(Math.abs(rec - c[i][j]) / maxAbs, Math.abs(dot - (i == j ? 1 : 0)));
                if (err > worst) {
                    worst = err;
                    wi = i;
                    wj = j;
                }
            }
        }
        assertTrue(worst < TOLERANCE, what + ": worst error " + worst + " at (" + wi + "," + wj + ")");
    }

    @Test
    void reconstructsSymmetricPositiveDefiniteMatrix() {
        double[][] c = randomSpd(60, 1, 1);
        assertDecomposes(c, CmaEigen.decompose(c, new double[60]), "scale 1");
    }

    @Test
    void handlesTinyOverallScale() {
        // sigma and C trade scale during a run; commons-math3 alone throws "convergence failed" on this matrix at
        // scale 1e-155 (its QL iteration squares entries into the subnormal range); we decompose C / 2^k instead
        double scale = 1e-155;
        double[][] c = randomSpd(60, 2, scale);
        CmaEigen e = CmaEigen.decompose(c, new double[60]);
        assertDecomposes(c, e, "scale 1e-155");
        CmaEigen unit = CmaEigen.decompose(randomSpd(60, 2, 1), new double[60]);
        for (int j = 0; j < 60; j++) {
            assertEquals(unit.d[j], e.d[j] / Math.sqrt(scale), 1e-9 * unit.d[j], "d[" + j + "] / sqrt(scale)");
        }
    }

    @Test
    void repairsLossOfPositiveDefinitenessAsPycma() {
        // eigenvalues {-1e-3, 1, 2}: pycma adds min(dOld)^2 to the diagonal, doubling it until C is positive definite
        double[][] c = {{-1e-3, 0, 0}, {0, 1, 0}, {0, 0, 2}};
        double[] dOld = {Math.sqrt(4e-4), 1, Math.sqrt(2)};
        CmaEigen e = CmaEigen.decompose(c, dOld);
        // shifts 4e-4 (still negative: -6e-4), then 8e-4 (sum 1.2e-3): smallest eigenvalue -1e-3 + 1.2e-3 = 2e-4
        assertEquals(2e-4, e.d[0] * e.d[0], 1e-15, "smallest eigenvalue after the repair");
        assertEquals(1 + 1.2e-3, e.d[1] * e.d[1], 1e-12, "the shift is added to every eigenvalue");
        assertEquals(2e-4, c[0][0], 1e-15, "C itself is repaired, as in pycma");
    }
}
