// SPDX-License-Identifier: MIT
// How well M predicts z_{t+1} on held-out episodes: NLL per latent dimension, next to two "nothing
// moves" baselines that M has to beat to have learned any dynamics.
package org.worldmodels.memory;

import java.util.List;
import org.worldmodels.data.SeriesFile.Series;
import org.worldmodels.kernel.MixtureNllKernel;

/**
 * Per latent dim d, mean over held-out transitions of -log p(z_{t+1,d}) (nats), for:
 * <ul>
 * <li><b>M</b>: its 5-component mixture (the training loss, split by dim);</li>
 * <li><b>copy z_t, VAE sigma</b>: N(z_{t+1}; z_t, exp(logvar_t)): "the next latent is this one",
 *     uncertain by the VAE's own sigma of this frame. It knows what M knows (z_t is M's input,
 *     sigma_t the encoder's); this is the baseline M must beat;</li>
 * <li><b>copy z_t, fitted sigma</b>: N(z_{t+1}; z_t, s_d^2), a random walk whose per-dim variance
 *     s_d^2 = mean_train[(mu_{t+1} - mu_t)^2 + sigma_t^2 + sigma_{t+1}^2] (= E (z_{t+1} - z_t)^2)
 *     is fitted on the training episodes: the best predictor of that form;</li>
 * <li><b>copy mu_t, next sigma</b>: N(z_{t+1}; mu_t, exp(logvar_{t+1})): an oracle, handed what M is
 *     never given (the noise-free code mu_t and the next frame's own encoder sigma). On a dim that
 *     barely moves between frames it is close to the best any predictor can do, so M's distance to
 *     it shows how much is left to learn rather than a failure.</li>
 * </ul>
 */
public final class HeldOutEvaluation {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final int Z = MdnRnn.Z, K = MdnRnn.K;

    /** Mean NLL per dim (32 each) and the transitions they average over. */
    public record Report(double[] model, double[] copyVaeSigma, double[] copyFitted, double[] copyMuOracle, long transitions) {
        public double meanModel() { return mean(model); }
        public double meanCopyVaeSigma() { return mean(copyVaeSigma); }
        public double meanCopyFitted() { return mean(copyFitted); }
        public double meanCopyMuOracle() { return mean(copyMuOracle); }

        private static double mean(double[] v) {
            double s = 0;
            for (double x : v) s += x;
            return s / v.length;
        }
    }

    private HeldOutEvaluation() {}

    /** Mean NLL of M over the held-out batches (what the metrics log): all dims, all unmasked transitions. */
    public static double meanNll(MdnRnn model, MdnRnn.Workspace ws, List<SeriesBatches.Batch> batches) {
        double sum = 0;
        long count = 0;
        for (SeriesBatches.Batch b : batches) {
            model.forward(ws, b.steps, b.size, b.x);
            sum += model.loss(ws, b.target, b.mask) * b.timesteps;
            count += b.timesteps;
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The per-dim report; {@code train} fits the random walk's variance. */
    // held-out batches -> per dim (32): mean NLL of M and of the two baselines
    public static Report perDim(MdnRnn model, MdnRnn.Workspace ws, List<SeriesBatches.Batch> batches, List<Series> train) {
        double[] walkVar = fittedWalkVariance(train);
        double[] m = new double[Z], copy = new double[Z], walk = new double[Z], oracle = new double[Z];
        double[] rowNll = new double[Z];
        MixtureNllKernel.Scratch scratch = new MixtureNllKernel.Scratch(Z, K);
        long count = 0;
        for (SeriesBatches.Batch b : batches) {
            model.forward(ws, b.steps, b.size, b.x);
            int rows = b.steps * b.size;
            for (int r = 0; r < rows; r++) {
                if (b.mask[r] == 0f) continue;
                count++;
                // M's NLL per dim: the training loss's own kernel, without the gradient
                MixtureNllKernel.row(Z, K, ws.out, r * MdnRnn.OUT, b.target, r * Z, null, 0, rowNll, 0, scratch);
                for (int d = 0; d < Z; d++) {
                    float y = b.target[r * Z + d];
                    m[d] += rowNll[d];
                    double zt = b.x[r * MdnRnn.IN + d];
                    copy[d] += gaussianNll(y, zt, b.logVarIn[r * Z + d]);
                    walk[d] += gaussianNll(y, zt, Math.log(walkVar[d]));
                    oracle[d] += gaussianNll(y, b.muIn[r * Z + d], b.logVarTarget[r * Z + d]);
                }
            }
        }
        for (int d = 0; d < Z; d++) { m[d] /= count; copy[d] /= count; walk[d] /= count; oracle[d] /= count; }
        return new Report(m, copy, walk, oracle, count);
    }

    /** s_d^2 = mean over training transitions of (mu_{t+1} - mu_t)^2 + exp(logvar_t) + exp(logvar_{t+1}). */
    static double[] fittedWalkVariance(List<Series> train) {
        double[] v = new double[Z];
        long n = 0;
        for (Series s : train) {
            float[] mu = s.mu(), lv = s.logVar();
            for (int t = 0; t + 1 < s.length(); t++, n++) {
                for (int d = 0; d < Z; d++) {
                    double dm = mu[(t + 1) * Z + d] - mu[t * Z + d];
                    v[d] += dm * dm + Math.exp(lv[t * Z + d]) + Math.exp(lv[(t + 1) * Z + d]);
                }
            }
        }
        for (int d = 0; d < Z; d++) v[d] /= n;
        return v;
    }

    /** -log N(y; mean, exp(logVar)) = 0.5 (y - mean)^2 / var + 0.5 logVar + 0.5 log 2pi. */
    static double gaussianNll(double y, double mean, double logVar) {
        double u = y - mean;
        return 0.5 * u * u * Math.exp(-logVar) + 0.5 * logVar + LOG_SQRT_2PI;
    }
}
