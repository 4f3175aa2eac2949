// SPDX-License-Identifier: MIT
// Draws docs/img/vae-fidelity.png: the held-out loss per epoch of our train-vae (metrics.csv) and of the
// PyTorch twin (train_vae_reference.py --csv) trained on the same batches from the same init.
// Run: java -cp ... org.worldmodels.vision.FidelityPlot JAVA_METRICS.csv TORCH.csv OUT.png
package org.worldmodels.vision;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.worldmodels.data.MetricsCsv;
import org.worldmodels.report.Plots;

public final class FidelityPlot {
    public static void main(String[] args) throws Exception {
        Map<String, double[]> java = MetricsCsv.read(Path.of(args[0])), torch = MetricsCsv.read(Path.of(args[1]));
        double[] jStep = java.get("step"), jHeld = java.get("heldout_total");
        double[] tStep = torch.get("step"), tHeld = torch.get("heldout_total");
        int n = 0;
        for (double v : jHeld) if (!Double.isNaN(v)) n++;
        if (n != tStep.length) throw new IllegalStateException(n + " Java evaluations, " + tStep.length + " PyTorch ones");
        double[] x = new double[n], a = new double[n];
        int k = 0;
        for (int i = 0; i < jStep.length; i++) {
            if (Double.isNaN(jHeld[i])) continue;
            if (jStep[i] != tStep[k]) throw new IllegalStateException("evaluation steps differ: " + jStep[i] + " vs " + tStep[k]);
            x[k] = jStep[i];
            a[k++] = jHeld[i];
        }
        for (int i = 0; i < n; i++) {
            System.out.printf(Locale.ROOT, "step %.0f: Java %.3f, PyTorch %.3f, difference %+.2f%%%n", x[i], a[i], tHeld[i], 100 * (a[i] - tHeld[i]) / tHeld[i]);
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("worldmodels-java train-vae", a);
        series.put("PyTorch twin (same init, batches, eps)", tHeld);
        Plots.lines(Path.of(args[2]), "VAE held-out loss (z = mu) per epoch", "step", "loss per frame", x, series, true);
    }
}
