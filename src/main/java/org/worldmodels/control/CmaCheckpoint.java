// SPDX-License-Identifier: MIT
// Saves and restores the complete state of a CmaEs to one .npz file (written atomically), so that a run
// stopped after any generation continues exactly as if it had never stopped.
package org.worldmodels.control;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;

/**
 * The .npz layout (NumPy reads it with {@code np.load}):
 * <pre>
 *   format        str   "worldmodels-cma-es-1"
 *   n, lambda     int64 dimension and population size
 *   sigma0, seed, eigen_latency                          settings
 *   mean (n) f8, sigma f8, C (n,n) f8, pc (n) f8, ps (n) f8
 *   generation, evaluations, last_eigen  int64           counters (last_eigen: generation whose C B,D decompose)
 *   D (n) f8, B_T (n,n) f8                               axis lengths (ascending) and eigenvectors as rows
 *   rng_state (4) int64                                  xoshiro256** words
 *   pending_start int64, pending_C (n,n) f8              background decomposition under way (-1 and absent if none)
 *   weights (lambda), mu, mueff, cc, cs, c1, cmu, damps, chi_n, eigen_gap   constants, checked on load
 * </pre>
 */
public final class CmaCheckpoint {
    static final String FORMAT = "worldmodels-cma-es-1";

    private CmaCheckpoint() {}

    /** Writes the state after a tell() (refuses while a population awaits its fitness). */
    public static void save(CmaEs es, Path file) throws IOException {
        if (es.awaitingTell()) throw new IllegalStateException("cannot save CMA-ES state between ask() and tell()");
        int n = es.n;
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("format", NpyArray.ofStrings(new String[] {FORMAT}));
        m.put("n", NpyArray.scalarOf((long) n));
        m.put("lambda", NpyArray.scalarOf((long) es.lambda));
        m.put("sigma0", NpyArray.scalarOf(es.sigma0));
        m.put("seed", NpyArray.scalarOf(es.seed));
        m.put("eigen_latency", NpyArray.scalarOf((long) es.eigenLatency));
        m.put("mean", NpyArray.ofDoubles(es.mean.clone(), n));
        m.put("sigma", NpyArray.scalarOf(es.sigma));
        m.put("C", NpyArray.ofDoubles(flatten(es.c), n, n));
        m.put("pc", NpyArray.ofDoubles(es.pc.clone(), n));
        m.put("ps", NpyArray.ofDoubles(es.ps.clone(), n));
        m.put("generation", NpyArray.scalarOf(es.generation));
        m.put("evaluations", NpyArray.scalarOf(es.evaluations));
        m.put("last_eigen", NpyArray.scalarOf(es.lastEigen));
        m.put("D", NpyArray.ofDoubles(es.eigen.d.clone(), n));
        m.put("B_T", NpyArray.ofDoubles(es.eigen.bt.clone(), n, n));
        m.put("rng_state", NpyArray.ofLongs(es.rng.state(), 4));
        m.put("pending_start", NpyArray.scalarOf(es.pendingStart));
        if (es.pendingStart >= 0) m.put("pending_C", NpyArray.ofDoubles(flatten(es.pendingC), n, n));
        CmaParameters p = es.p;
        m.put("weights", NpyArray.ofDoubles(p.weights(), es.lambda));
        m.put("mu", NpyArray.scalarOf((long) p.mu));
        m.put("mueff", NpyArray.scalarOf(p.mueff));
        m.put("cc", NpyArray.scalarOf(p.cc));
        m.put("cs", NpyArray.scalarOf(p.cs));
        m.put("c1", NpyArray.scalarOf(p.c1));
        m.put("cmu", NpyArray.scalarOf(p.cmu));
        m.put("damps", NpyArray.scalarOf(p.damps));
        m.put("chi_n", NpyArray.scalarOf(p.chiN));
        m.put("eigen_gap", NpyArray.scalarOf(p.eigenGap));
        Npy.writeNpz(file, m, false);
    }

    /** Reads a state saved by {@link #save}; {@code expectedN} is the dimension the caller searches in. */
    public static CmaEs load(Path file, int expectedN) throws IOException {
        Map<String, NpyArray> m = Npy.readNpz(file);
        String what = file.toString();
        String format = get(m, "format", what).asStrings()[0];
        if (!FORMAT.equals(format)) throw new IOException(what + ": not a CMA-ES state (format '" + format + "', expected '" + FORMAT + "')");
        int n = (int) get(m, "n", what).asLongs()[0];
        if (n != expectedN) {
            throw new IllegalArgumentException(what + " is a CMA-ES state of dimension " + n + ", but this search has dimension " + expectedN);
        }
        int lambda = (int) get(m, "lambda", what).asLongs()[0];
        CmaParameters p = CmaParameters.of(n, lambda);
        checkConstants(p, m, what);
        CmaEs es = new CmaEs(p, get(m, "sigma0", what).scalar(), get(m, "seed", what).asLongs()[0],
                (int) get(m, "eigen_latency", what).asLongs()[0]);
        copy(get(m, "mean", what).asDoubles(), es.mean, "mean", what);
        es.sigma = get(m, "sigma", what).scalar();
        unflatten(get(m, "C", what).asDoubles(), es.c, "C", what);
        copy(get(m, "pc", what).asDoubles(), es.pc, "pc", what);
        copy(get(m, "ps", what).asDoubles(), es.ps, "ps", what);
        es.generation = get(m, "generation", what).asLongs()[0];
        es.evaluations = get(m, "evaluations", what).asLongs()[0];
        es.lastEigen = get(m, "last_eigen", what).asLongs()[0];
        double[] d = get(m, "D", what).asDoubles();
        double[] bt = get(m, "B_T", what).asDoubles();
        if (d.length != n || bt.length != n * n) throw new IOException(what + ": D or B_T has the wrong size for n = " + n);
        es.eigen = CmaEigen.of(d, bt);
        es.install(es.eigen);
        es.rng = CmaRandom.fromState(get(m, "rng_state", what).asLongs());
        long pendingStart = get(m, "pending_start", what).asLongs()[0];
        if (pendingStart >= 0) {
            double[][] snapshot = new double[n][n];
            unflatten(get(m, "pending_C", what).asDoubles(), snapshot, "pending_C", what);
            es.startPending(snapshot, pendingStart);   // the same input gives the same decomposition
        }
        return es;
    }

    private static void checkConstants(CmaParameters p, Map<String, NpyArray> m, String what) throws IOException {
        double[] saved = get(m, "weights", what).asDoubles();
        double[] now = p.weights();
        boolean same = saved.length == now.length;
        for (int i = 0; same && i < now.length; i++) same = saved[i] == now[i];
        same &= get(m, "cc", what).scalar() == p.cc && get(m, "cs", what).scalar() == p.cs
                && get(m, "c1", what).scalar() == p.c1 && get(m, "cmu", what).scalar() == p.cmu
                && get(m, "damps", what).scalar() == p.damps && get(m, "eigen_gap", what).scalar() == p.eigenGap;
        if (!same) throw new IOException(what + ": its CMA-ES constants differ from this version's for n = " + p.n + ", lambda = " + p.lambda);
    }

    private static NpyArray get(Map<String, NpyArray> m, String key, String what) throws IOException {
        NpyArray a = m.get(key);
        if (a == null) throw new IOException(what + ": CMA-ES state lacks '" + key + "'");
        return a;
    }

    private static double[] flatten(double[][] a) {
        int n = a.length;
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) System.arraycopy(a[i], 0, out, i * n, n);
        return out;
    }

    private static void unflatten(double[] src, double[][] dst, String key, String what) throws IOException {
        int n = dst.length;
        if (src.length != n * n) throw new IOException(what + ": '" + key + "' has " + src.length + " values, expected " + n * n);
        for (int i = 0; i < n; i++) System.arraycopy(src, i * n, dst[i], 0, n);
    }

    private static void copy(double[] src, double[] dst, String key, String what) throws IOException {
        if (src.length != dst.length) throw new IOException(what + ": '" + key + "' has " + src.length + " values, expected " + dst.length);
        System.arraycopy(src, 0, dst, 0, dst.length);
    }
}
