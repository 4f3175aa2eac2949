// SPDX-License-Identifier: MIT
// CMA-ES against pycma 4.4: median evaluations to f < 1e-8 over 11 seeds on the small fidelity cases,
// exact resume from a saved state, and the handling of bad input.
package org.worldmodels.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmaEsTest {
    /** Our median evaluation count may differ from pycma's by this fraction (the bound). */
    private static final double FIDELITY_TOLERANCE = 0.10;
    private static final int SEEDS = 11;

    // pycma 4.4 medians measured on this machine kind (issue text): x0 ~ U[-1,1]^n, sigma0 = 0.5, default lambda
    private static final double PYCMA_SPHERE_10 = 1290, PYCMA_ELLI_10 = 3830, PYCMA_SPHERE_40 = 4545;
    // Rosenbrock n=10: the 4,620 is not what pycma 4.4 gives under this protocol when re-run here
    // (src/test/python/pycma_fidelity.py rosen 10 101: median 5,170 over 101 seeds, 5,110 over seeds 1-11);
    // we compare with the re-measured figure (docs/controller.md, fidelity table).
    private static final double PYCMA_ROSEN_10_REMEASURED = 5170;

    private static void assertFidelity(String name, ToDoubleFunction<double[]> f, int n, double pycma) {
        long[] each = new long[SEEDS];
        double ours = CmaBenchFunctions.medianEvaluations(f, n, CmaParameters.defaultLambda(n), SEEDS, 20 * (long) pycma, each);
        double rel = (ours - pycma) / pycma;
        assertTrue(Math.abs(rel) <= FIDELITY_TOLERANCE, String.format(
                "%s n=%d: median evaluations ours %.0f vs pycma %.0f (%+.1f%%, allowed +-%.0f%%); runs %s",
                name, n, ours, pycma, 100 * rel, 100 * FIDELITY_TOLERANCE, java.util.Arrays.toString(each)));
    }

    @Test
    void sphere10MatchesPycma() {
        assertFidelity("sphere", CmaBenchFunctions::sphere, 10, PYCMA_SPHERE_10);
    }

    @Test
    void ellipsoid10MatchesPycma() {
        assertFidelity("ellipsoid", CmaBenchFunctions::ellipsoid, 10, PYCMA_ELLI_10);
    }

    @Test
    void rosenbrock10MatchesPycma() {
        assertFidelity("Rosenbrock", CmaBenchFunctions::rosenbrock, 10, PYCMA_ROSEN_10_REMEASURED);
    }

    @Test
    void sphere40MatchesPycma() {
        assertFidelity("sphere", CmaBenchFunctions::sphere, 40, PYCMA_SPHERE_40);
    }

    // ---- exact resume ----------------------------------------------------------------------------------

    /** Runs generations [from, to) on the ellipsoid, recording every population. */
    private static void run(CmaEs es, int generations, List<double[][]> record) {
        double[] f = new double[es.lambda()];
        for (int g = 0; g < generations; g++) {
            double[][] pop = es.ask();
            double[][] copy = new double[pop.length][];
            for (int k = 0; k < pop.length; k++) {
                copy[k] = pop[k].clone();
                f[k] = CmaBenchFunctions.ellipsoid(pop[k]);
            }
            record.add(copy);
            es.tell(f);
        }
    }

    private static void assertResumeExact(int eigenLatency, Path dir) throws Exception {
        // n = 200, lambda = 16: eigenGap ~ 1.9, so the lazy-update bookkeeping is exercised
        int n = 200, lambda = 16, k = 7, more = 9;
        double[] x0 = new double[n];
        for (int i = 0; i < n; i++) x0[i] = Math.sin(i + 1.0);
        CmaEs unbroken = new CmaEs(x0, 0.5, lambda, 42, eigenLatency);
        List<double[][]> expected = new ArrayList<>();
        run(unbroken, k + more, expected);

        CmaEs first = new CmaEs(x0, 0.5, lambda, 42, eigenLatency);
        List<double[][]> got = new ArrayList<>();
        run(first, k, got);
        Path file = dir.resolve("cma-state-" + eigenLatency + ".npz");
        CmaCheckpoint.save(first, file);
        first.close();
        CmaEs resumed = CmaCheckpoint.load(file, n);
        assertEquals(k, resumed.generation(), "generation after load");
        run(resumed, more, got);

        for (int g = 0; g < expected.size(); g++) {
            for (int c = 0; c < lambda; c++) {
                for (int i = 0; i < n; i++) {
                    if (Double.doubleToRawLongBits(expected.get(g)[c][i]) != Double.doubleToRawLongBits(got.get(g)[c][i])) {
                        fail(String.format("latency %d: generation %d candidate %d coordinate %d: unbroken %s, resumed %s",
                                eigenLatency, g, c, i, expected.get(g)[c][i], got.get(g)[c][i]));
                    }
                }
            }
        }
        double[] m1 = unbroken.mean(), m2 = resumed.mean();
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(m1[i]), Double.doubleToRawLongBits(m2[i]),
                    "final mean[" + i + "]: unbroken " + m1[i] + ", resumed " + m2[i]);
        }
        assertEquals(unbroken.sigma(), resumed.sigma(), 0.0, "final sigma");
        assertEquals(unbroken.evaluations(), resumed.evaluations(), "evaluations");
        unbroken.close();
        resumed.close();
    }

    @Test
    void resumedRunContinuesExactly(@TempDir Path dir) throws Exception {
        assertResumeExact(0, dir);
    }

    @Test
    void resumedRunContinuesExactlyWithBackgroundEigendecomposition(@TempDir Path dir) throws Exception {
        assertResumeExact(3, dir);   // a decomposition is under way at the save: its snapshot must be resumed
    }

    // ---- bad input -------------------------------------------------------------------------------------

    @Test
    void rejectsBadInput(@TempDir Path dir) throws Exception {
        CmaEs es = new CmaEs(new double[5], 0.3, 8, 1);
        assertThrows(IllegalStateException.class, () -> es.tell(new double[8]), "tell before ask");
        es.ask();
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class, () -> es.tell(new double[7]));
        assertTrue(len.getMessage().contains("7") && len.getMessage().contains("8"), len.getMessage());
        double[] f = new double[8];
        f[3] = Double.NaN;
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> es.tell(f));
        assertTrue(nan.getMessage().contains("fitness[3]"), nan.getMessage());
        assertThrows(IllegalStateException.class, () -> CmaCheckpoint.save(es, dir.resolve("x.npz")), "save between ask and tell");
        f[3] = Double.POSITIVE_INFINITY;                       // infinities rank last: allowed
        es.tell(f);
        Path file = dir.resolve("state.npz");
        CmaCheckpoint.save(es, file);
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class, () -> CmaCheckpoint.load(file, 867));
        assertTrue(dim.getMessage().contains("dimension 5") && dim.getMessage().contains("867"), dim.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CmaEs(new double[5], 0, 8, 1), "sigma0 = 0");
        assertThrows(IllegalArgumentException.class, () -> new CmaEs(new double[5], 0.3, 3, 1), "lambda < 4");
    }
}
