// SPDX-License-Identifier: MIT
// `worldmodels track`: generates the CarRacing track of a seed (v0 or v3) and writes it as an .npz in
// the reference recordings' layout, or as a .png map.
package org.worldmodels.cli;

import java.awt.image.BufferedImage;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.worldmodels.data.AtomicFiles;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;
import org.worldmodels.env.EnvVersion;
import org.worldmodels.env.Track;
import org.worldmodels.env.TrackGenerator;
import org.worldmodels.env.rng.TrackRandom;
import org.worldmodels.log.Log;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "track", mixinStandardHelpOptions = true,
        header = "Generates the CarRacing track of a seed, as .npz arrays or a .png map.",
        description = {"Writes FILE:",
            "  *.npz  arrays named as in the reference recordings",
            "         (track, tile_polys, border_polys, start_beta_x_y, ...)",
            "  *.png  a map of the track"})
public final class TrackCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", required = true, paramLabel = "S",
            description = "seed >= 0; as reset(seed=S) in v3, env.seed(S) in v0")
    BigInteger seed;

    @Option(names = "--env", defaultValue = "v0", paramLabel = "v0|v3",
            description = "v0: gym 2018 (the paper's), v3: Gymnasium (default: ${DEFAULT-VALUE})")
    String env;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "output .npz or .png")
    Path out;

    @Option(names = "--size", defaultValue = "1000", paramLabel = "PX", description = "PNG width and height (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Option(names = "--construction", description = "PNG only: draw the checkpoints, the raw walk and the start ray too")
    boolean construction;

    @Override
    public Integer call() throws Exception {
        EnvVersion version;
        try {
            version = EnvVersion.parse(env);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--env: " + e.getMessage());
        }
        if (seed.signum() < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seed must be a non-negative integer, got " + seed);
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".npz") && !name.endsWith(".png")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out must end in .npz or .png, got " + out);
        }
        if (size < 64 || size > 8192) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--size must be in 64..8192, got " + size);
        }

        Track track = TrackGenerator.generate(TrackRandom.forSeed(version, seed));
        if (name.endsWith(".npz")) {
            Npy.writeNpz(out, arrays(track, version), true);
        } else {
            String caption = String.format(Locale.ROOT, "CarRacing-%s  seed %s  %d tiles", version.name().toLowerCase(Locale.ROOT), seed, track.size());
            System.setProperty("java.awt.headless", "true");
            BufferedImage image = TrackMap.paint(track, construction ? construction(track, version) : null, version, caption, size);
            AtomicFiles.write(out, o -> {
                if (!ImageIO.write(image, "png", o)) throw new java.io.IOException("no PNG writer in this JVM");
            });
        }
        Log.info(String.format(Locale.ROOT, "%s seed %s: %d tiles, %d kerbs, %d attempt(s) -> %s",
                version, seed, track.size(), track.kerbCount(), track.attempts, out));
        return 0;
    }

    /**
     * Replays the successful attempt's steps for the picture: skip the failed attempts' draws, then
     * the checkpoints and the raw walk (spec sections 3.1-3.2).
     */
    private TrackMap.Construction construction(Track track, EnvVersion version) {
        var rng = TrackRandom.forSeed(version, seed);
        double[][] checkpoints = TrackGenerator.checkpoints(rng);
        for (int a = 1; a < track.attempts; a++) checkpoints = TrackGenerator.checkpoints(rng);
        return new TrackMap.Construction(checkpoints, TrackGenerator.walk(checkpoints));
    }

    /**
     * The track in the reference's .npz names and shapes: track (N,4) alpha, beta, x, y;
     * tile_polys (N,4,2); border_polys (M,4,2) with border_colors (M,3) (v0: GL 0..1, v3: 0..255)
     * and border_tile_idx (M,); border_flags (N,); start_beta_x_y (3,); start_alpha; n_attempts.
     */
    static Map<String, NpyArray> arrays(Track t, EnvVersion version) {
        int n = t.size(), m = t.kerbCount();
        double[] track = new double[4 * n];
        for (int i = 0; i < n; i++) {
            track[4 * i] = t.alpha[i];
            track[4 * i + 1] = t.beta[i];
            track[4 * i + 2] = t.x[i];
            track[4 * i + 3] = t.y[i];
        }
        double full = version == EnvVersion.V0 ? 1.0 : 255.0;
        double[] colours = new double[3 * m];
        long[] tileIdx = new long[m];
        for (int k = 0; k < m; k++) {
            colours[3 * k] = full;
            colours[3 * k + 1] = colours[3 * k + 2] = t.kerbRed[k] ? 0 : full;
            tileIdx[k] = t.kerbTile[k];
        }
        Map<String, NpyArray> a = new LinkedHashMap<>();
        a.put("track", NpyArray.ofDoubles(track, n, 4));
        a.put("tile_polys", NpyArray.ofDoubles(t.tileVertices, n, 4, 2));
        a.put("border_polys", NpyArray.ofDoubles(t.kerbVertices, m, 4, 2));
        a.put("border_colors", NpyArray.ofDoubles(colours, m, 3));
        a.put("border_tile_idx", NpyArray.ofLongs(tileIdx, m));
        a.put("border_flags", NpyArray.ofBooleans(t.border, n));
        a.put("start_beta_x_y", NpyArray.ofDoubles(new double[] {t.beta[0], t.x[0], t.y[0]}, 3));
        a.put("start_alpha", NpyArray.scalarOf(TrackGenerator.START_ALPHA));
        a.put("n_attempts", NpyArray.scalarOf((long) t.attempts));
        return a;
    }
}
