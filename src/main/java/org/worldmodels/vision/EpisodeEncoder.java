// SPDX-License-Identifier: MIT
// Turns a rollout into M's training series: every frame through V's encoder (mu, logVar), with the
// actions, rewards, done flags and track seed copied alongside.
package org.worldmodels.vision;

import org.worldmodels.data.EpisodeFile;
import org.worldmodels.data.SeriesFile;

/** Reusable per thread: owns a frozen copy of V's encoder and its batch buffers. */
public final class EpisodeEncoder {
    private final FrozenEncoder encoder;
    private final int batch;
    private final float[] x, mu, logVar;

    /** Encodes with a snapshot of vae's encoder weights taken now, {@code batch} frames per call. */
    public EpisodeEncoder(ConvVae vae, int batch) {
        this.encoder = vae.frozenEncoder(batch);
        this.batch = batch;
        this.x = new float[batch * ConvVae.PIXELS];
        this.mu = new float[batch * ConvVae.Z];
        this.logVar = new float[batch * ConvVae.Z];
    }

    // obs (T,64,64,3) u8 -> mu, logVar (T,32), in batches of this encoder's batch size
    public SeriesFile.Series encode(EpisodeFile.Episode e) {
        int n = e.length(), z = ConvVae.Z;
        float[] muAll = new float[n * z], logVarAll = new float[n * z];
        for (int start = 0; start < n; start += batch) {
            int b = Math.min(batch, n - start);
            for (int i = 0; i < b; i++) e.frameChw(start + i, x, i * ConvVae.PIXELS);
            encoder.encode(b, x, mu, logVar);
            System.arraycopy(mu, 0, muAll, start * z, b * z);
            System.arraycopy(logVar, 0, logVarAll, start * z, b * z);
        }
        return new SeriesFile.Series(e.name(), n, muAll, logVarAll, e.action().clone(), e.reward().clone(), e.done().clone(), e.seed());
    }
}
