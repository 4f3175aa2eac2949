// SPDX-License-Identifier: MIT
// Gradient clipping on a ParamSet's flat gradient buffer: by value (the World Models reference, 1.0)
// and by global norm (torch.nn.utils.clip_grad_norm_).
package org.worldmodels.nn;

import org.worldmodels.tensor.ParamSet;

/** Both clippings work in place on {@code params.grad}, the whole model at once. */
public final class GradClip {
    private GradClip() {}

    /** g = clamp(g, -clip, clip) element-wise, as TF's clip_by_value in the paper's code. */
    public static void byValue(ParamSet params, double clip) {
        if (!(clip > 0)) throw new IllegalArgumentException("clip value must be > 0, got " + clip);
        float hi = (float) clip, lo = -hi;
        float[] g = params.grad;
        for (int i = 0; i < g.length; i++) g[i] = Math.min(hi, Math.max(lo, g[i]));
    }

    /**
     * torch.nn.utils.clip_grad_norm_ with the 2-norm: total = ||g||_2 over all parameters;
     * g *= min(1, maxNorm / (total + 1e-6)). Returns the total norm before clipping.
     */
    public static double byGlobalNorm(ParamSet params, double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("max norm must be > 0, got " + maxNorm);
        float[] g = params.grad;
        double sumSq = 0;
        for (float v : g) sumSq += (double) v * v;
        double total = Math.sqrt(sumSq);
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1) {
            float c = (float) coef;
            for (int i = 0; i < g.length; i++) g[i] *= c;
        }
        return total;
    }
}
