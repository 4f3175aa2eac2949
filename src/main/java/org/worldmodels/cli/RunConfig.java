// SPDX-License-Identifier: MIT
// The settings of a pipeline run: every key with its value under each preset (tiny, quick, paper),
// read from and written to RUN/config.properties; a key "stage.option" is that stage's --option.
package org.worldmodels.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** An ordered map of setting -> value, starting from a preset; unknown keys are refused. */
final class RunConfig {
    static final List<String> PRESETS = List.of("tiny", "quick", "paper");

    /** One setting: its key, its value under tiny, quick and paper, and what it means (the comment in the file). */
    record Key(String name, String tiny, String quick, String paper, String help) {
        String value(String preset) {
            return switch (preset) {
                case "tiny" -> tiny;
                case "quick" -> quick;
                default -> paper;
            };
        }
    }

    /**
     * All settings. "seed", "env" and "threads" go to every stage that takes them; "generate.x", "vae.x",
     * "encode.x", "rnn.x", "controller.x", "evaluate.x" and "dream.x" are that stage's --x.
     * quick: sized for <= 30 minutes on 2 free cores (docs/pipeline.md has the measured times).
     */
    static final List<Key> KEYS = List.of(
            new Key("seed", "0", "0", "0", "run seed of every stage (tracks, weights, batches, CMA-ES, z noise)"),
            new Key("env", "v0", "v0", "v0", "CarRacing version: v0 (the paper's) or v3"),
            new Key("generate.episodes", "3", "160", "10000", "rollouts of the exploration policy (paper: 10,000)"),
            new Key("generate.max-steps", "12", "400", "1000", "steps per rollout at most"),
            new Key("generate.policy", "held", "held", "held", "exploration policy: uniform, held or brownian (docs/vision.md)"),
            new Key("vae.epochs", "1", "1", "10", "passes over the frames (paper: 10)"),
            new Key("vae.batch", "4", "100", "100", "frames per batch (paper: 100)"),
            new Key("vae.lr", "1e-3", "1e-3", "1e-4", "Adam's learning rate (quick: larger, for one short epoch)"),
            new Key("vae.buffer", "8", "10000", "10000", "shuffle buffer in frames (12 KB each)"),
            new Key("vae.held-out", "1", "2", "2", "rollouts held out for V's held-out loss"),
            new Key("encode.batch", "8", "100", "100", "frames per encoder call"),
            new Key("rnn.steps", "4", "300", "4000", "optimiser steps (paper: 4,000)"),
            new Key("rnn.batch", "2", "32", "100", "sequences per batch (paper: 100)"),
            new Key("rnn.seq-len", "8", "100", "999", "window in transitions (paper: 999, whole episodes)"),
            new Key("rnn.held-out", "0.34", "0.05", "0.1", "fraction of episodes held out for M's held-out NLL"),
            new Key("rnn.eval-every", "2", "50", "100", "held-out NLL every N steps"),
            new Key("rnn.checkpoint-every", "2", "50", "100", "checkpoint every N steps"),
            new Key("controller.generations", "2", "30", "200", "CMA-ES generations (paper: 200+ until the mean stops improving)"),
            new Key("controller.population", "4", "16", "64", "CMA-ES population (paper: 64)"),
            new Key("controller.episodes", "1", "2", "16", "episodes per candidate (paper: 16)"),
            new Key("controller.max-steps", "10", "300", "1000", "episode length cap while evolving"),
            new Key("controller.eval-every", "2", "5", "25", "score the CMA-ES mean every N generations (kept as best.npz when it improves)"),
            new Key("controller.eval-episodes", "2", "16", "1024", "episodes of that scoring (paper: 1,024)"),
            new Key("evaluate.episodes", "3", "20", "100", "evaluation episodes on unseen tracks (paper: 100)"),
            new Key("evaluate.max-steps", "10", "1000", "1000", "evaluation episode length cap (the environment's: 1,000)"),
            new Key("evaluate.first-seed", "10000000", "10000000", "10000000", "evaluation track seeds first-seed, first-seed+1, ... (never used in training)"),
            new Key("pipeline.baseline", "true", "true", "true", "also evaluate a random controller on the same tracks (the baseline)"),
            new Key("dream.steps", "8", "150", "300", "steps of the dream GIF (M imagining, C driving)"));

    private static final Map<String, Key> BY_NAME = new LinkedHashMap<>();
    static {
        for (Key k : KEYS) BY_NAME.put(k.name(), k);
    }

    final String preset;
    private final Map<String, String> values = new LinkedHashMap<>();

    RunConfig(String preset) {
        if (!PRESETS.contains(preset)) throw new IllegalArgumentException("unknown preset '" + preset + "'; presets: " + String.join(", ", PRESETS));
        this.preset = preset;
        for (Key k : KEYS) values.put(k.name(), k.value(preset));
    }

    /** The preset named in a config file ("preset=..."), or null. */
    static String presetOf(Path file) throws IOException {
        return read(file).getProperty("preset");
    }

    /** Overrides settings from a .properties file; an unknown key is an error naming the file. */
    void overlay(Path file) throws IOException {
        Properties p = read(file);
        for (String name : p.stringPropertyNames()) {
            if (name.equals("preset")) continue;
            if (!BY_NAME.containsKey(name)) throw new IllegalArgumentException(file + ": unknown setting '" + name + "'" + suggestion(name));
            values.put(name, p.getProperty(name).trim());
        }
    }

    private static Properties read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new java.nio.file.NoSuchFileException(file.toString());
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    /** Sets one key ("--set rnn.steps=500"). */
    void set(String name, String value) {
        if (!BY_NAME.containsKey(name)) throw new IllegalArgumentException("unknown setting '" + name + "'" + suggestion(name));
        values.put(name, value.trim());
    }

    private static String suggestion(String name) {
        int dot = name.indexOf('.');
        String prefix = dot > 0 ? name.substring(0, dot + 1) : name;
        List<String> near = new ArrayList<>();
        for (String k : BY_NAME.keySet()) if (k.startsWith(prefix)) near.add(k);
        return near.isEmpty() ? " (see RUN/config.properties for the keys)" : "; keys like it: " + String.join(", ", near);
    }

    String get(String name) {
        String v = values.get(name);
        if (v == null) throw new IllegalArgumentException("unknown setting '" + name + "'");
        return v;
    }

    long getLong(String name) {
        try {
            return Long.parseLong(get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + name + " must be a whole number, got '" + get(name) + "'");
        }
    }

    double getDouble(String name) {
        try {
            return Double.parseDouble(get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + name + " must be a number, got '" + get(name) + "'");
        }
    }

    boolean getBoolean(String name) {
        String v = get(name).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) throw new IllegalArgumentException("setting " + name + " must be true or false, got '" + v + "'");
        return v.equals("true");
    }

    /** The stage's options from its "prefix.x" keys: ["--x", value, ...] in the table's order. */
    List<String> options(String prefix) {
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().startsWith(prefix + ".")) {
                args.add("--" + e.getKey().substring(prefix.length() + 1));
                args.add(e.getValue());
            }
        }
        return args;
    }

    /** The file's text: a header, then every key with its comment (the preset's value noted where it differs). */
    String toProperties() {
        StringBuilder b = new StringBuilder();
        b.append("# worldmodels pipeline settings (Java .properties: key = value; # starts a comment).\n");
        b.append("# Run again with: worldmodels pipeline --out RUN   (or --config THIS_FILE --out OTHER_RUN)\n");
        b.append("# A key stage.x is the stage command's --x (see worldmodels <stage> --help).\n\n");
        b.append("preset = ").append(preset).append("\n");
        for (Key k : KEYS) {
            String v = values.get(k.name());
            b.append("\n# ").append(k.help());
            if (!v.equals(k.value(preset))) b.append(" [preset ").append(preset).append(": ").append(k.value(preset)).append("]");
            b.append("\n").append(k.name()).append(" = ").append(v).append("\n");
        }
        return b.toString();
    }
}
