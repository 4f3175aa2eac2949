// SPDX-License-Identifier: MIT
// Metrics of a long run as CSV, one row per step/epoch/generation, flushed as written so a crash
// loses nothing; a resumed run appends after dropping rows past its checkpoint.
package org.worldmodels.data;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Appends rows of numbers under a fixed header; see {@link #open(Path, List, double)} for resuming. */
public final class MetricsCsv implements Closeable {
    private final BufferedWriter out;
    private final int columns;

    private MetricsCsv(BufferedWriter out, int columns) {
        this.out = out;
        this.columns = columns;
    }

    /**
     * Opens {@code file} for appending rows with these column names. If it exists, its header must
     * match, and rows whose first column is greater than {@code keepUpTo} are dropped (they were
     * written after the checkpoint the run resumes from); use {@code Double.POSITIVE_INFINITY} to
     * keep all, or a negative number to start afresh.
     */
    public static MetricsCsv open(Path file, List<String> header, double keepUpTo) throws IOException {
        String head = String.join(",", header);
        List<String> kept = new ArrayList<>();
        if (Files.exists(file) && keepUpTo >= 0) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && !lines.get(0).equals(head)) {
                throw new IOException(file + ": columns '" + lines.get(0) + "' differ from this run's '" + head + "'");
            }
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) continue;
                String first = line.split(",", 2)[0];
                try {
                    if (Double.parseDouble(first) <= keepUpTo) kept.add(line);
                } catch (NumberFormatException e) {
                    break; // a torn last line from a crash
                }
            }
        }
        StringBuilder content = new StringBuilder(head).append('\n');
        for (String line : kept) content.append(line).append('\n');
        AtomicFiles.writeString(file, content.toString());
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return new MetricsCsv(w, header.size());
    }

    /** Appends one row (numbers printed in full precision, integers without a decimal point). */
    public void row(double... values) throws IOException {
        if (values.length != columns) {
            throw new IllegalArgumentException("metrics row has " + values.length + " values, header has " + columns);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(',');
            double v = values[i];
            if (v == Math.rint(v) && Math.abs(v) < 1e15) sb.append((long) v);
            else sb.append(String.format(Locale.ROOT, "%.8g", v));
        }
        out.write(sb.append('\n').toString());
        out.flush();
    }

    @Override
    public void close() throws IOException { out.close(); }

    /** Reads a metrics file back as columns (header names -> values), for plots and tests. */
    public static java.util.LinkedHashMap<String, double[]> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) throw new IOException(file + ": empty metrics file");
        String[] names = lines.get(0).split(",");
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] f = lines.get(i).split(",");
            if (f.length != names.length) continue;
            double[] r = new double[f.length];
            for (int j = 0; j < f.length; j++) r[j] = Double.parseDouble(f[j]);
            rows.add(r);
        }
        java.util.LinkedHashMap<String, double[]> cols = new java.util.LinkedHashMap<>();
        for (int j = 0; j < names.length; j++) {
            double[] c = new double[rows.size()];
            for (int i = 0; i < c.length; i++) c[i] = rows.get(i)[j];
            cols.put(names[j], c);
        }
        return cols;
    }
}
