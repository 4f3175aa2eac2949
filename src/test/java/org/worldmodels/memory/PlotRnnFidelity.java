// SPDX-License-Identifier: MIT
// Plots M's held-out NLL curves (Java vs PyTorch) and NLL per latent dim with org.worldmodels.report.Plots.
// Run (after ./worldmodels test has built the test classes):
//   java -cp target/classes:target/test-classes:$(cat target/classpath.txt) org.worldmodels.memory.PlotRnnFidelity fidelity|perdim OUT.png CSV...
package org.worldmodels.memory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.worldmodels.report.Plots;

/** Draws docs/img/memory-real-*.png from train-rnn's and the PyTorch twin's CSV files. */
public class PlotRnnFidelity {
    static List<String[]> rows(String f) throws Exception {
        List<String[]> r = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(f)).subList(1, Files.readAllLines(Path.of(f)).size())) r.add(l.split(","));
        return r;
    }
    static double[][] heldOut(String f) throws Exception {
        List<double[]> p = new ArrayList<>();
        for (String[] c : rows(f)) { if (c.length > 3 && !c[3].isEmpty() && !c[3].equalsIgnoreCase("nan")) p.add(new double[]{Double.parseDouble(c[0]), Double.parseDouble(c[3])}); }
        double[][] o = new double[2][p.size()];
        for (int i = 0; i < p.size(); i++) { o[0][i] = p.get(i)[0]; o[1][i] = p.get(i)[1]; }
        return o;
    }
    public static void main(String[] a) throws Exception {
        if (a[0].equals("fidelity")) {   // fidelity OUT.png java/metrics.csv torch/torch_metrics.csv
            double[][] j = heldOut(a[2]), t = heldOut(a[3]);
            Map<String, double[]> s = new LinkedHashMap<>();
            s.put("Java (train-rnn)", j[1]); s.put("PyTorch twin", t[1]);
            Plots.lines(Path.of(a[1]), "Held-out NLL on real CarRacing series, Java vs PyTorch", "step", "NLL (nats/dim)", j[0], s, false);
        } else {                          // perdim OUT.png nll_per_dim.csv
            List<String[]> r = rows(a[2]); int n = r.size();
            double[] x = new double[n], m = new double[n], v = new double[n], f = new double[n], o = new double[n];
            for (int i = 0; i < n; i++) {
                String[] c = r.get(i);
                x[i] = Double.parseDouble(c[0]); m[i] = Double.parseDouble(c[1]); v[i] = Double.parseDouble(c[2]);
                f[i] = Double.parseDouble(c[3]); o[i] = c.length > 4 ? Double.parseDouble(c[4]) : Double.NaN;
            }
            Map<String, double[]> s = new LinkedHashMap<>();
            s.put("M", m); s.put("copy z_t, VAE sigma_t", v); s.put("copy z_t, fitted sigma", f);
            if (!Double.isNaN(o[0])) s.put("oracle: copy mu_t, sigma_t+1", o);
            Plots.lines(Path.of(a[1]), "Held-out NLL per latent dim, real CarRacing series", "latent dim", "NLL (nats)", x, s, false);
        }
    }
}
