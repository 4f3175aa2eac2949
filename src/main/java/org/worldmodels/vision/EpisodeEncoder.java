// SPDX-License-Identifier: MIT
// Turns a rollout into M's training series: every frame through V's encoder (mu, logVar), with the
// actions, rewards, done flags and track seed copied alongside.
package org.worldmodels.vision;

import org.worldmodels.data.EpisodeFile;
import org.worldmodels.data.SeriesFile;

/** Reusable per thread: owns its VAE copy's batch buffers. */
public final class EpisodeEncoder {
    private final ConvVae vae;
    private final float[] x, mu, logVar;

    public EpisodeEncoder(ConvVae vae) {
        this.vae = vae;
        this.x = new float[vae.maxBatch * ConvVae.PIXELS];
        this.mu = new float[vae.maxBatch * ConvVae.Z];
        this.logVar = new float[vae.maxBatch * ConvVae.Z];
    }

    // obs (T,64,64,3) u8 -> mu, logVar (T,32), in batches of the VAE's maxBatch
    public SeriesFile.Series encode(EpisodeFile.Episode e) {
        int n = e.length(), z = ConvVae.Z;
        float[] muAll = new float[n * z], logVarAll = new float[n * z];
        for (int start = 0; start < n; start += vae.maxBatch) {
            int b = Math.min(vae.maxBatch, n - start);
            for (int i = 0; i < b; i++) e.frameChw(start + i, x, i * ConvVae.PIXELS);
            vae.encode(b, x, mu, logVar);
            System.arraycopy(mu, 0, muAll, start * z, b * z);
            System.arraycopy(logVar, 0, logVarAll, start * z, b * z);
        }
        return new SeriesFile.Series(e.name(), n, muAll, logVarAll, e.action().clone(), e.reward().clone(), e.done().clone(), e.seed());
    }
}
