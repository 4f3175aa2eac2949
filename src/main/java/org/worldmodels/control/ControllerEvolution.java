// SPDX-License-Identifier: MIT
// Evolving C with CMA-ES in the real environment (spec section 6): each generation samples a population,
// scores every candidate by its mean reward over several tracks, and saves the whole search state, so
// that a stopped run resumes exactly where it left off.
package org.worldmodels.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.worldmodels.data.AtomicFiles;
import org.worldmodels.data.Checkpoint;
import org.worldmodels.data.MetricsCsv;
import org.worldmodels.log.Log;
import org.worldmodels.log.Progress;
import org.worldmodels.report.Plots;

/**
 * Files in {@code dir} (RUN/controller):
 * <pre>
 *   cmaes.npz       CMA-ES state after the last finished generation (the resume point, written last)
 *   settings.properties  the search's settings; a resume with different ones is refused
 *   fitness.csv     gen, best, mean, worst (candidates' mean rewards), sigma, evals (episodes), seconds
 *   fitness.png     best / mean / worst per generation
 *   eval.csv        gen, mean, std: the distribution mean scored on evalEpisodes training tracks
 *   mean.npz        controller = the current CMA-ES mean;   best.npz  the best-scoring mean so far
 * </pre>
 * Track seeds and noise are functions of (seed, generation, candidate, episode) ({@link Seeds}), and
 * the CMA-ES state includes its generator, so generation g is the same whether or not the run stopped before it.
 */
public final class ControllerEvolution {
    /**
     * @param population      CMA-ES lambda (the paper: 64)
     * @param episodes        episodes per candidate (16); fitness = their mean reward
     * @param sigma0          initial step size around a zero mean (0.1)
     * @param l2              penalty weight: fitness = mean reward - l2 * mean(theta^2) (estool's weight decay; 0 = off)
     * @param evalEvery       score the mean every this many generations (25), and at the last one
     * @param evalEpisodes    episodes of that scoring (1,024)
     */
    public record Settings(int population, int episodes, double sigma0, double l2, long seed, int evalEvery, int evalEpisodes) {
        public Settings {
            if (population < 2) throw new IllegalArgumentException("population must be at least 2, got " + population);
            if (episodes < 1) throw new IllegalArgumentException("episodes per candidate must be at least 1, got " + episodes);
            if (!(sigma0 > 0)) throw new IllegalArgumentException("sigma0 must be positive, got " + sigma0);
            if (!(l2 >= 0)) throw new IllegalArgumentException("the L2 penalty weight must be >= 0, got " + l2);
            if (evalEvery < 1 || evalEpisodes < 1) throw new IllegalArgumentException("eval-every and eval-episodes must be positive");
        }

        /** The settings that define the search; a resumed run must have the same. */
        Map<String, String> asProperties(int maxSteps, boolean sampleZ, String env) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("population", Integer.toString(population));
            m.put("episodes", Integer.toString(episodes));
            m.put("sigma0", Double.toString(sigma0));
            m.put("l2", Double.toString(l2));
            m.put("seed", Long.toString(seed));
            m.put("eval_every", Integer.toString(evalEvery));
            m.put("eval_episodes", Integer.toString(evalEpisodes));
            m.put("max_steps", Integer.toString(maxSteps));
            m.put("sample_z", Boolean.toString(sampleZ));
            m.put("env", env);
            return m;
        }
    }

    static final List<String> FITNESS_COLUMNS = List.of("gen", "best", "mean", "worst", "sigma", "evals", "seconds");
    static final List<String> EVAL_COLUMNS = List.of("gen", "mean", "std");

    private final AgentRollouts rollouts;
    private final Settings s;
    private final Path dir;
    /** Held while files are written, so that a Ctrl-C (shutdown hook) waits for a save to finish. */
    public final ReentrantLock saving = new ReentrantLock();
    private volatile long savedGeneration;

    public ControllerEvolution(AgentRollouts rollouts, Settings settings, Path dir) {
        this.rollouts = rollouts;
        this.s = settings;
        this.dir = dir;
    }

    public Path statePath() { return dir.resolve("cmaes.npz"); }

    /** The generation whose state is on disk (0 before the first). */
    public long savedGeneration() { return savedGeneration; }

    /** Runs (or resumes) the search until {@code generations} generations are complete; returns the best eval score. */
    public double run(int generations) throws IOException {
        Files.createDirectories(dir);
        CmaEs es = startOrResume();
        savedGeneration = es.generation();
        double best = bestSoFar(es.generation());
        Controller c = new Controller();
        long start = System.nanoTime();
        long startGen = es.generation();
        try (MetricsCsv fitnessCsv = MetricsCsv.open(dir.resolve("fitness.csv"), FITNESS_COLUMNS, es.generation());
             MetricsCsv evalCsv = MetricsCsv.open(dir.resolve("eval.csv"), EVAL_COLUMNS, es.generation())) {
            if (es.generation() >= generations) {
                Log.info("controller: " + es.generation() + " generations already done (asked for " + generations + ")");
            }
            while (es.generation() < generations) {
                long t0 = System.nanoTime();
                long gen = es.generation() + 1;
                float[][] table = toFloat(es.ask());
                List<EpisodeSpec> episodes = new ArrayList<>(s.population * s.episodes);
                for (int k = 0; k < s.population; k++) {
                    for (int j = 0; j < s.episodes; j++) {
                        episodes.add(new EpisodeSpec(k, Seeds.trainingTrack(s.seed, gen, k, j), Seeds.of(s.seed, Seeds.NOISE, gen, k, j)));
                    }
                }
                AgentRollouts.Result res;
                try (Progress bar = Progress.start("gen " + gen, episodes.size(), "ep", 0)) {
                    res = rollouts.run(table, episodes, () -> bar.step(1));
                }
                double[] reward = res.meanPerCandidate(episodes, s.population);
                double[] minusFitness = new double[s.population];
                for (int k = 0; k < s.population; k++) minusFitness[k] = -(reward[k] - s.l2 * meanSquare(table[k]));
                es.tell(minusFitness);

                // Every evalEvery generations (and at the end) the mean itself is scored; the best is kept.
                double[] mean = es.mean();
                Double evalMean = null;
                double evalStd = 0;
                if (gen % s.evalEvery == 0 || gen == generations) {
                    double[] scores = score(toFloat(mean), gen);
                    evalMean = meanOf(scores);
                    evalStd = stdOf(scores, evalMean);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                saving.lock();
                try {
                    c.setParameters(mean);
                    Checkpoint.save(dir.resolve("mean.npz"), c.params);
                    if (evalMean != null) {
                        evalCsv.row(gen, evalMean, evalStd);
                        if (evalMean > best) {
                            best = evalMean;
                            Checkpoint.save(dir.resolve("best.npz"), c.params);
                        }
                    }
                    fitnessCsv.row(gen, max(reward), meanOf(reward), min(reward), es.sigma(), (double) gen * episodes.size(), seconds);
                    plot();
                    CmaCheckpoint.save(es, statePath());   // the commit point of this generation
                    savedGeneration = gen;
                } finally {
                    saving.unlock();
                }
                double perGen = (System.nanoTime() - start) / 1e9 / (gen - startGen);
                Log.info(String.format(Locale.ROOT, "gen %d/%d  best %.1f  mean %.1f  worst %.1f  sigma %.4f%s  %.1f s/gen  %.0f steps/s  ETA %s",
                        gen, generations, max(reward), meanOf(reward), min(reward), es.sigma(),
                        evalMean == null ? "" : String.format(Locale.ROOT, "  eval %.1f +- %.1f", evalMean, evalStd),
                        seconds, res.totalSteps() / seconds, eta(perGen * (generations - gen))));
            }
        } finally {
            es.close();
        }
        return best;
    }

    /** Scores a controller on {@code evalEpisodes} training-range tracks drawn for generation {@code gen}. */
    private double[] score(float[] params, long gen) {
        List<EpisodeSpec> episodes = new ArrayList<>(s.evalEpisodes);
        for (int j = 0; j < s.evalEpisodes; j++) {
            long track = Math.floorMod(Seeds.of(s.seed, Seeds.EVAL, Seeds.TRACK, gen, j), Seeds.TRAIN_TRACKS);
            episodes.add(new EpisodeSpec(0, track, Seeds.of(s.seed, Seeds.EVAL, Seeds.NOISE, gen, j)));
        }
        try (Progress bar = Progress.start("eval mean", episodes.size(), "ep", 0)) {
            return rollouts.run(new float[][] {params}, episodes, () -> bar.step(1)).rewards();
        }
    }

    private CmaEs startOrResume() throws IOException {
        Path settingsFile = dir.resolve("settings.properties");
        AgentRollouts.Options o = rollouts.options;
        Map<String, String> now = s.asProperties(o.maxSteps(), o.sampleZ(), o.version().name());
        if (Files.exists(statePath())) {
            Map<String, String> then = readProperties(settingsFile);
            List<String> diff = new ArrayList<>();
            for (Map.Entry<String, String> e : now.entrySet()) {
                if (!e.getValue().equals(then.get(e.getKey()))) diff.add(e.getKey() + " " + then.get(e.getKey()) + " -> " + e.getValue());
            }
            if (!diff.isEmpty()) {
                throw new IllegalArgumentException(dir + " holds a search with other settings (" + String.join(", ", diff)
                        + "); use the same settings to resume, or --restart / another --out to start afresh");
            }
            CmaEs es = CmaCheckpoint.load(statePath(), Controller.SIZE);
            if (es.lambda() != s.population) throw new IllegalArgumentException(statePath() + " has population " + es.lambda());
            Log.info("controller: resuming after generation " + es.generation() + " from " + statePath());
            return es;
        }
        StringBuilder text = new StringBuilder("# settings of this controller search; a resume must match them\n");
        now.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        AtomicFiles.writeString(settingsFile, text.toString());
        // eigenLatency 1: C is decomposed on a background thread while the next generation's rollouts
        // run (commons-math3 takes ~1-2.5 s at n = 867, a generation of rollouts far longer); the
        // result does not depend on timing, so runs stay reproducible.
        return new CmaEs(new double[Controller.SIZE], s.sigma0, s.population, s.seed, 1);
    }

    /** The best eval score in eval.csv up to generation {@code gen} (what best.npz holds), or -infinity. */
    private double bestSoFar(long gen) throws IOException {
        Path f = dir.resolve("eval.csv");
        if (gen == 0 || !Files.exists(f)) return Double.NEGATIVE_INFINITY;
        Map<String, double[]> cols = MetricsCsv.read(f);
        double best = Double.NEGATIVE_INFINITY;
        double[] g = cols.get("gen"), m = cols.get("mean");
        for (int i = 0; i < g.length; i++) if (g[i] <= gen) best = Math.max(best, m[i]);
        return best;
    }

    private void plot() throws IOException {
        Map<String, double[]> cols = MetricsCsv.read(dir.resolve("fitness.csv"));
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("best", cols.get("best"));
        series.put("mean", cols.get("mean"));
        series.put("worst", cols.get("worst"));
        Plots.lines(dir.resolve("fitness.png"), "Controller fitness (mean reward per candidate)", "generation", "reward",
                cols.get("gen"), series, false);
    }

    private static Map<String, String> readProperties(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (!Files.exists(file)) return m;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#") || !line.contains("=")) continue;
            int i = line.indexOf('=');
            m.put(line.substring(0, i), line.substring(i + 1));
        }
        return m;
    }

    static float[][] toFloat(double[][] pop) {
        float[][] t = new float[pop.length][];
        for (int k = 0; k < pop.length; k++) t[k] = toFloat(pop[k]);
        return t;
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    static double meanSquare(float[] theta) {
        double s = 0;
        for (float t : theta) s += (double) t * t;
        return s / theta.length;
    }

    public static double meanOf(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** Population standard deviation (numpy's default, ddof = 0), as the paper reports. */
    public static double stdOf(double[] v, double mean) {
        double s = 0;
        for (double x : v) s += (x - mean) * (x - mean);
        return Math.sqrt(s / v.length);
    }

    static double max(double[] v) { double m = Double.NEGATIVE_INFINITY; for (double x : v) m = Math.max(m, x); return m; }

    static double min(double[] v) { double m = Double.POSITIVE_INFINITY; for (double x : v) m = Math.min(m, x); return m; }

    static String eta(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60) : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
