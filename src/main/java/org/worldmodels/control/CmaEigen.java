// SPDX-License-Identifier: MIT
// Eigendecomposition of the covariance matrix C = B diag(d^2) B^T through commons-math3, sorted as pycma
// sorts it (ascending), with pycma's repair when C has lost positive definiteness.
package org.worldmodels.control;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.worldmodels.log.Log;

/** One decomposition: the axis lengths d (square roots of the eigenvalues) and the eigenvectors. */
final class CmaEigen {
    /** Square roots of the eigenvalues of C, ascending (n). */
    final double[] d;
    /** Eigenvectors as rows: row j (n entries at j*n) is the eigenvector of d[j] (n x n, i.e. B^T). */
    final double[] bt;

    private CmaEigen(double[] d, double[] bt) {
        this.d = d;
        this.bt = bt;
    }

    /** A decomposition read back from a saved state. */
    static CmaEigen of(double[] d, double[] bt) {
        return new CmaEigen(d, bt);
    }

    /** The decomposition before any update: C0 is diagonal, so B = I and d = sqrt(diag C0). */
    static CmaEigen ofDiagonal(double[][] c) {
        int n = c.length;
        double[] d = new double[n];
        double[] bt = new double[n * n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.sqrt(c[i][i]);
            bt[i * n + i] = 1;
        }
        return new CmaEigen(d, bt);
    }

    /**
     * Decomposes the symmetric matrix {@code c} (n x n). If an eigenvalue is not positive, C is repaired as
     * pycma does: min(dOld)^2 is added to its diagonal ({@code c} is changed) and it is decomposed again.
     */
    static CmaEigen decompose(double[][] c, double[] dOld) {
        // c (n,n) symmetric -> d (n) ascending, bt (n,n) rows = eigenvectors
        int n = c.length;
        // Decompose C / 2^k with 2^k ~ max C_ii (exact scaling): commons-math3's QL iteration uses absolute
        // thresholds and can fail to converge on a matrix whose entries are all tiny (C's overall scale drifts).
        double maxDiag = 0;
        for (int i = 0; i < n; i++) maxDiag = Math.max(maxDiag, c[i][i]);
        double scale = maxDiag > 0 && Double.isFinite(maxDiag) ? Math.scalb(1.0, Math.getExponent(maxDiag)) : 1;
        double[][] scaled = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) scaled[i][j] = c[i][j] / scale;
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(scaled, false));
        double[] values = e.getRealEigenvalues();
        for (int i = 0; i < n; i++) values[i] *= scale;
        double[][] vt = e.getVT().getData();          // rows are eigenvectors
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (Double.isNaN(min) || Double.isInfinite(max)) {
            throw new IllegalStateException("CMA-ES: covariance matrix has non-finite entries (eigenvalues " + min + " .. " + max + ")");
        }
        if (!(min > 0)) {
            // pycma's repair: add min(dOld)^2 to the diagonal; dOld grows with it, so repeated repairs double the shift
            double minOld = Double.POSITIVE_INFINITY;
            for (double v : dOld) minOld = Math.min(minOld, v);
            double shift = minOld * minOld;
            if (!(shift > 0)) shift = -2 * min;                  // no usable dOld: shift past the negative eigenvalue
            Log.warn("CMA-ES: covariance matrix not positive definite (eigenvalues " + min + " .. " + max
                    + "); adding " + shift + " to its diagonal");
            for (int i = 0; i < n; i++) c[i][i] += shift;
            double[] dNew = new double[n];
            for (int i = 0; i < n; i++) dNew[i] = Math.sqrt(dOld[i] * dOld[i] + shift);
            return decompose(c, dNew);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] d = new double[n];
        double[] bt = new double[n * n];
        for (int j = 0; j < n; j++) {
            int src = order[j];
            d[j] = Math.sqrt(values[src]);
            System.arraycopy(vt[src], 0, bt, j * n, n);
        }
        return new CmaEigen(d, bt);
    }
}
