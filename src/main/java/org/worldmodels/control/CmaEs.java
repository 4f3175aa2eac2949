// SPDX-License-Identifier: MIT
// CMA-ES (Hansen's tutorial, arXiv:1604.00772) with pycma 4.4's defaults, in ask/tell form, minimising.
// The O(n^2 lambda) products run through kernel.Gemm; C is eigendecomposed lazily through commons-math3.
package org.worldmodels.control;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.worldmodels.kernel.Gemm;

/**
 * The covariance matrix adaptation evolution strategy, (mu/mu_w, lambda) with active (negative-weight)
 * covariance update and cumulative step-size adaptation, as pycma 4.4 runs it by default.
 *
 * <pre>
 *   CmaEs es = new CmaEs(x0, 0.5, lambda, seed);
 *   while (...) {
 *       double[][] pop = es.ask();               // lambda candidates, each of length n (a reused buffer)
 *       for (k...) f[k] = objective(pop[k]);    // smaller is better
 *       es.tell(f);
 *   }
 * </pre>
 *
 * <p>State: mean m, step size sigma, covariance C = B D^2 B^T, evolution paths p_c and p_sigma, the
 * generation count and the random generator. The eigendecomposition (B, D) is refreshed every
 * {@link CmaParameters#eigenGap} generations ("lazy update", tutorial B.2). With {@code eigenLatency > 0}
 * it runs on a background thread: the decomposition of C started at generation g is used from generation
 * g + eigenLatency on; the result is the same whatever the timing, so runs stay reproducible.
 *
 * <p>Precision: m, sigma, C, B, D and the paths are double; the samples z, y = B D z and the rank-mu product
 * go through the float32 {@link Gemm} (relative error ~1e-7 on each update, far below CMA-ES's own noise).
 */
public final class CmaEs {
    /** All constants (weights, learning rates, damping), from (n, lambda). */
    public final CmaParameters p;
    final int n, lambda;
    final double sigma0;
    final long seed;
    final int eigenLatency;

    // ---- state (everything here is saved by CmaCheckpoint) ----
    final double[] mean;          // m (n)
    double sigma;                 // overall step size
    final double[][] c;           // C (n,n), symmetric up to rounding
    final double[] pc;            // p_c (n), evolution path of the rank-one update
    final double[] ps;            // p_sigma (n), conjugate evolution path for the step size
    long generation;              // number of completed tell() calls (pycma's countiter)
    long evaluations;             // number of fitness values told
    long lastEigen;               // generation whose C the current (B, D) decomposes (pycma's last_update)
    CmaEigen eigen;               // B and D in use for sampling and C^(-1/2)
    CmaRandom rng;
    long pendingStart = -1;       // background mode: generation whose C is being decomposed, or -1
    double[][] pendingC;          // ... and that snapshot of C (saved so a resumed run can redo it)

    // ---- derived and scratch buffers (not state) ----
    private final float[] bdt;        // (n,n) row j = (d_j / dScale) b_j^T, so that Z BDT = B D Z / dScale
    private double dScale;            // power of two near max d: keeps the float32 samples away from under/overflow
                                      // however far C's overall scale drifts (sigma and C trade scale freely)
    private final float[] z;          // (lambda,n) standard normal samples
    private final float[] y;          // (lambda,n) y_k / dScale, y_k = B D z_k
    private final double[][] pop;     // (lambda,n) x_k = m + sigma y_k, handed to the caller
    private final float[] ywT;        // (n,lambda) column k = cmu w_k' y_k, the left factor of the rank-mu GEMM
    private final float[] cMu;        // (n,n) rank-mu product sum_k cmu w_k' y_k y_k^T
    private final int[] order;        // (lambda) candidate indices sorted by fitness
    private final double[] cmuWeight; // (lambda) cmu w_k' of candidate k (by its rank)
    private final double[] mOld, delta, tmp;  // (n) scratch
    private boolean asked;
    private Future<CmaEigen> pending;
    private ExecutorService worker;

    /** CMA-ES around {@code x0} with step size {@code sigma0}, population {@code lambda}, decomposing C on the calling thread. */
    public CmaEs(double[] x0, double sigma0, int lambda, long seed) {
        this(x0, sigma0, lambda, seed, 0);
    }

    /**
     * @param eigenLatency 0: decompose C in ask() when due (pycma's behaviour); k >= 1: decompose on a
     *                     background thread and use the result k generations after it was started.
     */
    public CmaEs(double[] x0, double sigma0, int lambda, long seed, int eigenLatency) {
        this(CmaParameters.of(x0.length, lambda), sigma0, seed, eigenLatency);
        if (!(sigma0 > 0) || Double.isInfinite(sigma0)) throw new IllegalArgumentException("sigma0 must be positive and finite, was " + sigma0);
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x0[i])) throw new IllegalArgumentException("x0[" + i + "] is not finite: " + x0[i]);
            mean[i] = x0[i];
        }
        sigma = sigma0;
        rng = new CmaRandom(seed);
        // C0 = diag(exp(1e-4 i / n)): pycma's tiny anisotropy, which keeps the eigenvalues distinct.
        for (int i = 0; i < n; i++) c[i][i] = Math.exp(1e-4 / n * i);
        install(CmaEigen.ofDiagonal(c));
    }

    /** Allocates the arrays; the state is filled in by the public constructor or by {@link CmaCheckpoint}. */
    CmaEs(CmaParameters p, double sigma0, long seed, int eigenLatency) {
        if (eigenLatency < 0) throw new IllegalArgumentException("eigenLatency must be >= 0, was " + eigenLatency);
        this.p = p;
        this.n = p.n;
        this.lambda = p.lambda;
        this.sigma0 = sigma0;
        this.seed = seed;
        this.eigenLatency = eigenLatency;
        mean = new double[n];
        c = new double[n][n];
        pc = new double[n];
        ps = new double[n];
        bdt = new float[n * n];
        z = new float[lambda * n];
        y = new float[lambda * n];
        pop = new double[lambda][n];
        ywT = new float[n * lambda];
        cMu = new float[n * n];
        order = new int[lambda];
        cmuWeight = new double[lambda];
        mOld = new double[n];
        delta = new double[n];
        tmp = new double[n];
    }

    // =====================================================================================================
    // ask: sample lambda candidates x_k = m + sigma B D z_k, z_k ~ N(0, I)       (tutorial eq. 38-40)
    // =====================================================================================================

    /**
     * Samples a new population: lambda rows of n numbers, in a buffer that the next call overwrites. The rows
     * are read-only for the caller: tell() recombines them as they are and reuses the samples behind them.
     */
    public double[][] ask() {
        // z (lambda,n) ~ N(0,I) -> y (lambda,n) = z (BD)^T -> pop (lambda,n) = m + sigma y
        if (asked) throw new IllegalStateException("ask() called twice without tell()");
        updateEigenIfDue();
        for (int i = 0; i < lambda * n; i++) z[i] = (float) rng.nextGaussian();
        // y_k = B D z_k for all k at once: Y (lambda,n) = Z (lambda,n) * BDT (n,n), in units of dScale
        Gemm.gemm(false, false, lambda, n, n, z, 0, n, bdt, 0, n, false, y, 0, n);
        double step = sigma * dScale;
        for (int k = 0; k < lambda; k++) {
            double[] x = pop[k];
            for (int i = 0; i < n; i++) x[i] = mean[i] + step * y[k * n + i];
        }
        asked = true;
        return pop;
    }

    // =====================================================================================================
    // tell: update m, p_sigma, p_c, C and sigma from the ranking of the candidates (tutorial eq. 41-47)
    // =====================================================================================================

    /** Updates the distribution from the fitness of the last population (smaller is better; +-infinity allowed, NaN not). */
    public void tell(double[] fitness) {
        // fitness (lambda) -> new m, sigma, C, p_c, p_sigma
        if (!asked) throw new IllegalStateException("tell() called without a preceding ask()");
        if (fitness.length != lambda) {
            throw new IllegalArgumentException("fitness has " + fitness.length + " values, the population has lambda = " + lambda);
        }
        for (int k = 0; k < lambda; k++) {
            if (Double.isNaN(fitness[k])) throw new IllegalArgumentException("fitness[" + k + "] is NaN (candidate " + k + " of generation " + (generation + 1) + ")");
        }
        asked = false;
        generation++;
        evaluations += lambda;

        // --- Selection: rank the candidates, best (smallest f) first --------------------------------------
        sortByFitness(fitness);

        // --- Recombination (eq. 41): m = sum_{i<=mu} w_i x_{i:lambda} ------------------------------------
        System.arraycopy(mean, 0, mOld, 0, n);
        java.util.Arrays.fill(mean, 0);
        for (int i = 0; i < p.mu; i++) {
            double wi = p.weight(i);
            double[] x = pop[order[i]];
            for (int j = 0; j < n; j++) mean[j] += wi * x[j];
        }
        for (int j = 0; j < n; j++) delta[j] = (mean[j] - mOld[j]) / sigma;   // <y>_w = (m - m_old) / sigma

        // --- Step-size path (eq. 43): p_s = (1 - cs) p_s + sqrt(cs (2 - cs) mueff) C^(-1/2) <y>_w -----------
        invSqrtC(delta, tmp);
        double fs = Math.sqrt(p.cs * (2 - p.cs) * p.mueff);
        double psSq = 0;
        for (int j = 0; j < n; j++) {
            ps[j] = (1 - p.cs) * ps[j] + fs * tmp[j];
            psSq += ps[j] * ps[j];
        }

        // --- h_sigma: stall p_c when ||p_s|| is large (pycma: ||p_s||^2 / (1 - (1-cs)^(2g)) / n < 2 + 4/(n+1))
        double hsig = psSq / (1 - Math.pow(1 - p.cs, 2.0 * generation)) / n - 1 < 1 + 4.0 / (n + 1) ? 1 : 0;

        // --- Covariance path (eq. 45): p_c = (1 - cc) p_c + h_sigma sqrt(cc (2 - cc) mueff) <y>_w ------------
        double fc = hsig * Math.sqrt(p.cc * (2 - p.cc) * p.mueff);
        for (int j = 0; j < n; j++) pc[j] = (1 - p.cc) * pc[j] + fc * delta[j];

        // --- Covariance matrix (eq. 47, active):
        //   C = (1 - c1a - cmu sum w) C + c1 p_c p_c^T + cmu sum_k w_k' y_k y_k^T
        //   c1a = c1 (1 - (1 - h_sigma) cc (2 - cc)) makes up for the variance lost when h_sigma = 0;
        //   w_k' = w_k for w_k >= 0, and w_k n / ||C^(-1/2) y_k||^2 for negative weights (eq. 46), where
        //   ||C^(-1/2) y_k|| = ||B D^-1 B^T B D z_k|| = ||z_k|| since y_k was sampled with this very B, D.
        double c1a = p.c1 * (1 - (1 - hsig) * p.cc * (2 - p.cc));
        double decay = 1 - c1a - p.cmu * p.sumWeights();
        for (int i = 0; i < lambda; i++) {
            int k = order[i];
            double wk = p.weight(i);
            if (wk < 0) {
                double zz = 0;
                for (int j = 0; j < n; j++) zz += (double) z[k * n + j] * z[k * n + j];
                double norm = Math.sqrt(zz);
                wk *= n / ((norm + 1e-9) * (norm + 1e-9));
            }
            cmuWeight[k] = p.cmu * wk;
        }
        // rank-mu product: CMU (n,n) = YWT (n,lambda) * Y (lambda,n), column k of YWT = cmu w_k' y_k (units dScale^2)
        for (int k = 0; k < lambda; k++) {
            float wk = (float) cmuWeight[k];
            for (int j = 0; j < n; j++) ywT[j * lambda + k] = wk * y[k * n + j];
        }
        Gemm.gemm(false, false, n, n, lambda, ywT, 0, lambda, y, 0, n, false, cMu, 0, n);
        double s2 = dScale * dScale;
        for (int i = 0; i < n; i++) {
            double[] ci = c[i];
            double pci = p.c1 * pc[i];
            int row = i * n;
            for (int j = 0; j < n; j++) ci[j] = decay * ci[j] + pci * pc[j] + s2 * cMu[row + j];
        }

        // --- Step size (eq. 44, CSA): sigma *= exp(min(1, cs/damps (||p_s|| / E||N(0,I)|| - 1))) ----------
        double s = p.cs / p.damps * (Math.sqrt(psSq) / p.chiN - 1);
        sigma *= Math.exp(Math.max(-1, Math.min(1, s)));
    }

    /** out = C^(-1/2) v = B D^-1 B^T v with the decomposition in use. */
    private void invSqrtC(double[] v, double[] out) {
        // v (n) -> out (n)
        double[] bt = eigen.bt, d = eigen.d;
        java.util.Arrays.fill(out, 0);
        for (int j = 0; j < n; j++) {
            int row = j * n;
            double t = 0;
            for (int i = 0; i < n; i++) t += bt[row + i] * v[i];     // (B^T v)_j
            t /= d[j];
            for (int i = 0; i < n; i++) out[i] += t * bt[row + i];   // sum_j b_j (B^T v)_j / d_j
        }
    }

    /** Fills {@link #order} with candidate indices by ascending fitness (stable insertion sort; lambda is small). */
    private void sortByFitness(double[] f) {
        for (int k = 0; k < lambda; k++) {
            int j = k;
            while (j > 0 && f[order[j - 1]] > f[k]) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = k;
        }
    }

    // =====================================================================================================
    // Lazy eigendecomposition (tutorial B.2): C is decomposed only every eigenGap generations
    // =====================================================================================================

    private void updateEigenIfDue() {
        if (eigenLatency == 0) {
            if (generation >= lastEigen + p.eigenGap) {    // pycma: count_tell >= last_update + lazy_update_gap
                symmetrise(c);
                install(CmaEigen.decompose(c, eigen.d));
                lastEigen = generation;
            }
            return;
        }
        if (pendingStart >= 0 && generation >= pendingStart + eigenLatency) {
            install(awaitPending());
            lastEigen = pendingStart;
            pendingStart = -1;
            pendingC = null;
        }
        if (pendingStart < 0 && generation >= lastEigen + p.eigenGap && generation > lastEigen) {
            symmetrise(c);
            double[][] snapshot = new double[n][];
            for (int i = 0; i < n; i++) snapshot[i] = c[i].clone();
            startPending(snapshot, generation);
        }
    }

    /** Starts decomposing {@code snapshot} (the C of generation {@code start}) on the worker thread. */
    void startPending(double[][] snapshot, long start) {
        pendingC = snapshot;
        pendingStart = start;
        double[][] work = new double[n][];
        for (int i = 0; i < n; i++) work[i] = snapshot[i].clone();
        double[] dOld = eigen.d.clone();
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "cma-eigen");
                t.setDaemon(true);
                return t;
            });
        }
        pending = worker.submit(() -> CmaEigen.decompose(work, dOld));
    }

    private CmaEigen awaitPending() {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the eigendecomposition", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("eigendecomposition failed", e.getCause());
        } finally {
            pending = null;
        }
    }

    /** Uses a decomposition from now on: BDT row j = (d_j / dScale) b_j. */
    void install(CmaEigen e) {
        eigen = e;
        dScale = Math.scalb(1.0, Math.getExponent(e.d[n - 1]));   // d is ascending: d[n-1] is the largest
        for (int j = 0; j < n; j++) {
            double dj = e.d[j] / dScale;
            int row = j * n;
            for (int i = 0; i < n; i++) bdt[row + i] = (float) (dj * e.bt[row + i]);
        }
    }

    private static void symmetrise(double[][] a) {
        // pycma: C = (C + C^T) / 2 before decomposing (the updates keep C symmetric only up to rounding)
        int n = a.length;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double v = 0.5 * (a[i][j] + a[j][i]);
                a[i][j] = v;
                a[j][i] = v;
            }
        }
    }

    /**
     * Lets the background worker, if any, end once its decomposition is done (it is a daemon thread either way).
     * The instance stays usable: a new worker starts when needed.
     */
    public void close() {
        if (worker != null) {
            worker.shutdown();
            worker = null;
        }
    }

    // ---- read access -------------------------------------------------------------------------------------

    public int dimension() { return n; }
    public int lambda() { return lambda; }
    public double sigma() { return sigma; }
    public long generation() { return generation; }
    public long evaluations() { return evaluations; }
    /** A copy of the mean m. */
    public double[] mean() { return mean.clone(); }
    /** A copy of C (n x n). */
    public double[][] covariance() {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) out[i] = c[i].clone();
        return out;
    }
    /** The largest coordinate-wise standard deviation sigma sqrt(max_i C_ii) (pycma's tolx compares it with 1e-11). */
    public double maxStd() {
        double m = 0;
        for (int i = 0; i < n; i++) m = Math.max(m, c[i][i]);
        return sigma * Math.sqrt(m);
    }

    /** Square roots of the eigenvalues of C in use, ascending (a copy). */
    public double[] axisLengths() { return eigen.d.clone(); }
    /** Whether a population has been asked for and not yet told. */
    public boolean awaitingTell() { return asked; }

    /** Whether a background decomposition is under way. */
    boolean hasPending() { return pendingStart >= 0; }
}
