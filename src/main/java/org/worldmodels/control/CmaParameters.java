// SPDX-License-Identifier: MIT
// The constants of CMA-ES in one place: recombination weights and learning rates, pycma 4.4's defaults
// (Hansen's tutorial, arXiv:1604.00772, Table 1, with pycma's small departures noted where they occur).
package org.worldmodels.control;

/**
 * Strategy parameters of CMA-ES for dimension {@code n} and population size {@code lambda}.
 *
 * <p>Every value is a function of (n, lambda) only, computed as pycma 4.4 computes it
 * ({@code cma/options_parameters.py}, {@code cma/recombination_weights.py},
 * {@code cma/sigma_adaptation.py}, {@code cma/sampler.py}); where pycma departs from the tutorial the
 * comment says so. Active CMA (negative weights) is on, as in pycma's default {@code CMA_active=True}.
 */
public final class CmaParameters {
    /** Search-space dimension n. */
    public final int n;
    /** Population size lambda. */
    public final int lambda;
    /** Number of parents mu: the count of strictly positive weights. */
    public final int mu;
    /** Recombination weights w_1..w_lambda (lambda): positive ones sum to 1, negative ones to -(1 + c1/cmu) (capped). */
    private final double[] weights;
    /** Variance-effective selection mass of the positive weights, 1 / sum w_i^2. */
    public final double mueff;
    /** Variance-effective mass of the negative weights (for their cap). */
    public final double mueffMinus;
    /** Cumulation constant of the rank-one path p_c. */
    public final double cc;
    /** Cumulation constant of the step-size path p_sigma. */
    public final double cs;
    /** Learning rate of the rank-one update. */
    public final double c1;
    /** Learning rate of the rank-mu update. */
    public final double cmu;
    /** Damping of the step-size change. */
    public final double damps;
    /** E||N(0, I)||, the expected length of a standard normal vector in n dimensions (pycma's approximation). */
    public final double chiN;
    /** Generations between two eigendecompositions of C (lazy update; values below 1 mean every generation). */
    public final double eigenGap;

    private CmaParameters(int n, int lambda) {
        if (n < 1) throw new IllegalArgumentException("dimension n must be >= 1, was " + n);
        if (lambda < 4) throw new IllegalArgumentException("population size lambda must be >= 4, was " + lambda);
        this.n = n;
        this.lambda = lambda;

        // Raw weights w_i' = ln((lambda + 1) / 2) - ln(i), i = 1..lambda (tutorial eq. 49); positive for i < (lambda+1)/2.
        double[] w = new double[lambda];
        for (int i = 0; i < lambda; i++) w[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
        int m = 0;
        while (m < lambda && w[m] > 0) m++;
        this.mu = m;
        double sumPos = 0, sumNeg = 0;
        for (int i = 0; i < lambda; i++) {
            if (i < mu) sumPos += w[i];
            else sumNeg += w[i];
        }
        double sumSqPos = 0;
        for (int i = 0; i < mu; i++) {
            w[i] /= sumPos;                      // positive weights sum to one
            sumSqPos += w[i] * w[i];
        }
        this.mueff = 1 / sumSqPos;
        double sumSqNeg = 0;
        for (int i = mu; i < lambda; i++) {
            if (sumNeg != 0) w[i] /= -sumNeg;    // negative weights sum to -1 for now (pycma's first normalisation)
            sumSqNeg += w[i] * w[i];
        }
        this.mueffMinus = sumSqNeg == 0 ? 0 : 1 / sumSqNeg;

        // Learning rates. pycma: cc = (4 + mueff/n) / (n + 4 + 2 mueff/n)   (tutorial eq. 56, same)
        this.cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n);
        // cs = (mueff + 2) / (n + mueff + 3): pycma's denominator has +3 where the tutorial (eq. 55) has +5.
        this.cs = (mueff + 2) / (n + mueff + 3);
        // c1 = 2 min(1, lambda/6) / ((n + 1.3)^2 + mueff): pycma's min(1, lambda/6) factor is not in the tutorial (eq. 57).
        this.c1 = Math.min(1, lambda / 6.0) * 2 / ((n + 1.3) * (n + 1.3) + mueff);
        // cmu = min(1 - c1, 2 (1/4 + mueff - 2 + 1/mueff) / ((n + 2)^2 + mueff)): the 1/4 offset is pycma's (tutorial eq. 58 has none).
        this.cmu = Math.min(1 - c1, 2 * (0.25 + mueff - 2 + 1 / mueff) / ((n + 2.0) * (n + 2.0) + mueff));
        // damps = 1 + 2 max(0, sqrt((mueff - 1)/(n + 1)) - 1) + cs   (tutorial eq. 55; pycma's extra mirror term is 1 here)
        this.damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
        // E||N(0,I)|| ~ sqrt(n) (1 - 1/(4n) + 1/(26 n^2)): pycma's constant 26 (the tutorial writes 21).
        this.chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (26.0 * n * n));
        // Lazy eigendecomposition: every 1 / ((c1 + cmu) n 10) generations (tutorial B.2, pycma's lazy_update_gap).
        this.eigenGap = 1 / (c1 + cmu + 1e-23) / n / 10;

        // Negative weights (active CMA, tutorial eq. 53): scale their sum so that the decay 1 - c1 - cmu sum(w)
        // is zero, then cap it by 1 + 2 mueff^- / (mueff + 2) and by (1 - c1 - cmu) / (n cmu) (positive definiteness).
        if (mu < lambda && w[lambda - 1] < 0) {
            double target = 1 + c1 / cmu;
            target = Math.min(target, (1 - c1 - cmu) / cmu / n);
            target = Math.min(target, 1 + 2 * mueffMinus / (mueff + 2));
            double negSum = 0;
            for (int i = mu; i < lambda; i++) negSum += w[i];
            double factor = target / -negSum;
            for (int i = mu; i < lambda; i++) w[i] *= factor;
        }
        this.weights = w;
    }

    /** pycma's default population size 4 + floor(3 ln n). */
    public static int defaultLambda(int n) {
        return (int) (4 + 3 * Math.log(n));
    }

    /** The parameters for dimension n and population size lambda. */
    public static CmaParameters of(int n, int lambda) {
        return new CmaParameters(n, lambda);
    }

    /** Weight w_i of the i-th best candidate (0-based). */
    public double weight(int i) {
        return weights[i];
    }

    /** A copy of all lambda weights. */
    public double[] weights() {
        return weights.clone();
    }

    /** Sum of all lambda weights, positive and negative (enters the decay of C). */
    public double sumWeights() {
        double s = 0;
        for (double x : weights) s += x;
        return s;
    }
}
