// SPDX-License-Identifier: MIT
// Checks the CMA-ES constants against the values pycma 4.4 prints for n = 20, lambda = 12
// (the doctest of cma.options_parameters.CMAParameters: es.sp.disp()).
package org.worldmodels.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CmaParametersTest {
    /** pycma prints 9-10 significant digits; we compare to that. */
    private static final double PRINTED_TOLERANCE = 1e-9;

    @Test
    void matchesPycmaForN20Lambda12() {
        CmaParameters p = CmaParameters.of(20, 12);
        assertEquals(12, CmaParameters.defaultLambda(20), "default lambda = 4 + floor(3 ln 20)");
        assertEquals(6, p.mu, "mu");
        assertEquals(0.00437235, p.c1, 1e-8, "c1");
        assertEquals(0.00921656, p.cmu, 1e-8, "cmu");
        assertEquals(0.171767, p.cc, 1e-6, "cc");
        double[] pycma = {0.4024029428, 0.2533890840, 0.1662215645, 0.1043752252, 0.05640347757, 0.01720770576,
                -0.05018713636, -0.1406167894, -0.2203813963, -0.2917332686, -0.3562788884, -0.4152044225};
        int worst = 0;
        double worstErr = 0;
        for (int i = 0; i < pycma.length; i++) {
            double err = Math.abs(p.weight(i) - pycma[i]);
            if (err > worstErr) {
                worstErr = err;
                worst = i;
            }
        }
        assertEquals(pycma[worst], p.weight(worst), PRINTED_TOLERANCE, "worst weight index " + worst);
    }

    @Test
    void weightsSumAsPycmaFinalisesThem() {
        // positive weights sum to 1; with default lambda the negative ones make the decay c1 + cmu sum(w) zero
        for (int n : new int[] {10, 40, 867}) {
            CmaParameters p = CmaParameters.of(n, n == 867 ? 64 : CmaParameters.defaultLambda(n));
            double pos = 0;
            for (int i = 0; i < p.mu; i++) pos += p.weight(i);
            assertEquals(1.0, pos, 1e-12, "sum of positive weights, n=" + n);
            assertEquals(0.0, p.c1 + p.cmu * p.sumWeights(), 1e-15, "c1 + cmu sum(w), n=" + n);
        }
    }
}
