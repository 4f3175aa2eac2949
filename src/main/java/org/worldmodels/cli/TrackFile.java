// SPDX-License-Identifier: MIT
// Reads a track stored in the reference's .npz layout (track, tile_polys, border_polys, ...) into a Track.
package org.worldmodels.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;
import org.worldmodels.env.Track;

/** A {@link Track} from an .npz with the reference's keys (see reference/carracing/README.md). */
public final class TrackFile {
    private TrackFile() {}

    /**
     * Keys used: {@code track} (N,4) alpha, beta, x, y; {@code tile_polys} (N,4,2); {@code border_flags} (N,);
     * {@code border_polys} (M,4,2) and {@code border_tile_idx} (M,) (kerbs, optional);
     * {@code n_attempts} (optional, default 1). Kerbs on odd tiles are red, as the generator colours them.
     */
    public static Track read(Path file) throws IOException {
        Map<String, NpyArray> z = Npy.readNpz(file);
        NpyArray pts = require(z, "track", file);
        if (pts.ndim() != 2 || pts.dim(1) != 4) {
            throw new IllegalArgumentException(file + ": 'track' must have shape (N,4), got " + java.util.Arrays.toString(pts.shape()));
        }
        int n = pts.dim(0);
        double[] p = pts.asDoubles();
        double[] alpha = new double[n], beta = new double[n], x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            alpha[i] = p[4 * i];
            beta[i] = p[4 * i + 1];
            x[i] = p[4 * i + 2];
            y[i] = p[4 * i + 3];
        }
        NpyArray polys = require(z, "tile_polys", file);
        if (polys.size() != 8 * n) {
            throw new IllegalArgumentException(file + ": 'tile_polys' must have shape (" + n + ",4,2), got " + java.util.Arrays.toString(polys.shape()));
        }
        double[] tileVertices = polys.asDoubles();
        boolean[] border = z.containsKey("border_flags") ? z.get("border_flags").asBooleans() : new boolean[n];
        double[] kerbVertices = new double[0];
        int[] kerbTile = new int[0];
        if (z.containsKey("border_polys") && z.containsKey("border_tile_idx")) {
            kerbVertices = z.get("border_polys").asDoubles();
            kerbTile = z.get("border_tile_idx").asInts();
        }
        boolean[] kerbRed = new boolean[kerbTile.length];
        for (int j = 0; j < kerbTile.length; j++) kerbRed[j] = kerbTile[j] % 2 == 1;
        int attempts = z.containsKey("n_attempts") ? (int) z.get("n_attempts").scalar() : 1;
        return new Track(alpha, beta, x, y, tileVertices, border, kerbVertices, kerbTile, kerbRed, attempts);
    }

    private static NpyArray require(Map<String, NpyArray> z, String key, Path file) {
        NpyArray a = z.get(key);
        if (a == null) throw new IllegalArgumentException(file + ": missing array '" + key + "'");
        return a;
    }
}
