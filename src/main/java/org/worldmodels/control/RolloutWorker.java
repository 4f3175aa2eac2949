// SPDX-License-Identifier: MIT
// One thread's share of the rollouts: E environments stepped in lockstep, their frames encoded as one
// batch, C and the LSTM stepped as batches; a finished episode's slot takes the next queued episode.
package org.worldmodels.control;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.worldmodels.env.CarRacing;
import org.worldmodels.env.StepResult;
import org.worldmodels.memory.MdnRnn;
import org.worldmodels.vision.ConvVae;
import org.worldmodels.vision.FrozenEncoder;
import org.worldmodels.vision.FramePreprocessor;

/**
 * The agent step of spec section 5 for B live episodes at once (rows 0..live-1 of every buffer):
 * <pre>
 *   frames (B,96,96,3) -> preprocess -> x (B,3,64,64) -> encode -> mu, logVar (B,32)
 *   z = mu + exp(logVar/2) eps            (eps from each episode's own seeded stream)
 *   a = C_k(z, h) -> env action (steer, gas, brake)     (k = the row's candidate)
 *   env.step(action) per row;  (h, c) = LSTM([z; action], (h, c))
 * </pre>
 * Rows stay packed: a finished row takes the next queued episode, or, when none is left, the last live
 * row moves into it. Buffers are sized once; the step allocates nothing of its own (JBox2D's world
 * step does, about 2.8 KB, see docs/environment-physics.md). Not thread-safe: one worker per thread.
 */
final class RolloutWorker {
    /** Receives every frame of every episode of this worker (for GIFs); null in training. */
    interface FrameSink {
        void frame(int episode, byte[] rgb, int step, double totalReward);
    }

    static final int Z = ConvVae.Z, H = MdnRnn.H, A = Controller.A, PIXELS = ConvVae.PIXELS;

    final int maxBatch;
    private final CarRacing[] envs;
    private final FrozenEncoder encoder;
    private final MdnRnn rnn;
    private final MdnRnn.StepScratch scratch;
    private final Controller controller = new Controller();
    private final FramePreprocessor preprocessor = new FramePreprocessor();
    // Batch buffers, (maxBatch, width), rows 0..live-1 valid
    private final float[] x, mu, logVar, z, h, c, a, action;
    private final float[] zRow = new float[Z], hRow = new float[H], aRow = new float[A];
    // Per-row episode state
    private final int[] episode, steps;
    private final double[] total;
    private final long[] envNanos;
    private final SplittableRandom[] noise;
    private final String[] failure;   // null while running or done normally
    private final boolean[] finished;
    private int live;
    private float[][] loadedTable;
    private int[] candidateOfEpisode;
    private int loadedCandidate = -1;

    RolloutWorker(int maxBatch, ConvVae vaeWeights, MdnRnn rnnWeights, Supplier<CarRacing> envFactory) {
        if (maxBatch <= 0) throw new IllegalArgumentException("environments per worker must be positive: " + maxBatch);
        this.maxBatch = maxBatch;
        this.envs = new CarRacing[maxBatch];
        for (int i = 0; i < maxBatch; i++) envs[i] = envFactory.get();
        this.encoder = vaeWeights.frozenEncoder(maxBatch);   // a snapshot, arranged once for the kernels
        this.rnn = new MdnRnn();
        System.arraycopy(rnnWeights.params.data, 0, rnn.params.data, 0, rnn.params.data.length);
        this.scratch = new MdnRnn.StepScratch(maxBatch);
        x = new float[maxBatch * PIXELS];
        mu = new float[maxBatch * Z];
        logVar = new float[maxBatch * Z];
        z = new float[maxBatch * Z];
        h = new float[maxBatch * H];
        c = new float[maxBatch * H];
        a = new float[maxBatch * A];
        action = new float[maxBatch * A];
        episode = new int[maxBatch];
        steps = new int[maxBatch];
        total = new double[maxBatch];
        envNanos = new long[maxBatch];
        noise = new SplittableRandom[maxBatch];
        failure = new String[maxBatch];
        finished = new boolean[maxBatch];
    }

    /** Runs episodes from {@code job} until its queue is empty and every row has finished. */
    void run(RolloutJob job, FrameSink sink) {
        begin(job, sink);
        while (live > 0) {
            try {
                agentStep(job.sampleZ);
            } catch (RuntimeException e) {
                // A batch-wide failure cannot be pinned on one row: every live episode failed this attempt.
                for (int r = 0; r < live; r++) { finished[r] = true; failure[r] = describe(e); }
                settle(job, sink);
                continue;
            }
            for (int r = 0; r < live; r++) {
                long t0 = System.nanoTime();
                try {
                    StepResult s = envs[r].step(action[r * A], action[r * A + 1], action[r * A + 2]);
                    total[r] += s.reward();
                    steps[r]++;
                    if (sink != null) sink.frame(episode[r], envs[r].observation(), steps[r], total[r]);
                    finished[r] = s.done() || steps[r] >= job.maxSteps;
                } catch (RuntimeException e) {
                    finished[r] = true;
                    failure[r] = describe(e);
                }
                // Each row is charged only its own environment time, so a stalling episode does not push
                // its lockstep neighbours (which wait for it) over the limit.
                envNanos[r] += System.nanoTime() - t0;
                if (!finished[r] && envNanos[r] > job.timeLimitNanos) {
                    finished[r] = true;
                    failure[r] = "exceeded the time limit of " + job.timeLimitNanos / 1_000_000_000.0 + " s after " + steps[r] + " steps";
                }
            }
            settle(job, sink);
        }
    }

    /** Takes the job's parameters and fills the rows with its first episodes. */
    void begin(RolloutJob job, FrameSink sink) {
        live = 0;
        loadedCandidate = -1;
        loadedTable = job.parameters;
        candidateOfEpisode = job.candidateOfEpisode;
        fill(job, sink);
    }

    /**
     * Encode, sample z, act, and step the LSTM for rows 0..live-1; leaves the env actions in {@code action}.
     * Package-private so a test can check that it allocates nothing.
     */
    // frames (B,96,96,3) -> x (B,3,64,64) -> mu, logVar, z (B,32) -> a, action (B,3); h, c (B,256) updated
    void agentStep(boolean sampleZ) {
        int batch = live;
        for (int r = 0; r < batch; r++) preprocessor.toFloatChw(envs[r].observation(), x, r * PIXELS);
        encoder.encode(batch, x, mu, logVar);
        for (int r = 0; r < batch; r++) {
            SplittableRandom eps = noise[r];
            for (int j = r * Z; j < (r + 1) * Z; j++) {
                // z = mu + sigma eps, sigma = exp(logVar / 2) (the paper's code samples z in the real env too)
                z[j] = sampleZ ? mu[j] + (float) Math.exp(logVar[j] / 2.0) * (float) eps.nextGaussian() : mu[j];
            }
        }
        // C per row: rows may belong to different candidates. 867 multiply-adds per row: negligible next to
        // the encoder's 29.6 MFLOP, so rows are not regrouped by candidate.
        for (int r = 0; r < batch; r++) {
            int k = candidateOf(r);
            if (k != loadedCandidate) {
                controller.setParameters(loadedTable[k]);
                loadedCandidate = k;
            }
            System.arraycopy(z, r * Z, zRow, 0, Z);
            System.arraycopy(h, r * H, hRow, 0, H);
            controller.act(1, zRow, hRow, aRow);
            System.arraycopy(aRow, 0, a, r * A, A);
        }
        Controller.toEnvAction(batch, a, action);
        // M sees the action the environment gets, as in the paper's code (rnn_next_state(z, action)).
        rnn.step(scratch, batch, z, action, h, c, null);
    }

    private int candidateOf(int row) { return candidateOfEpisode[episode[row]]; }

    /** Records finished rows, refills them from the queue or packs the rows; then fills free rows. */
    private void settle(RolloutJob job, FrameSink sink) {
        int r = 0;
        while (r < live) {
            if (!finished[r]) { r++; continue; }
            job.finish(episode[r], total[r], steps[r], failure[r]);
            int last = live - 1;
            if (r != last) moveRow(last, r);
            live--;
        }
        fill(job, sink);
    }

    /** Starts queued episodes in the free rows live..maxBatch-1. */
    private void fill(RolloutJob job, FrameSink sink) {
        while (live < maxBatch) {
            int e = job.next();
            if (e < 0) return;
            EpisodeSpec spec = job.episodes.get(e);
            int r = live;
            episode[r] = e;
            steps[r] = 0;
            total[r] = 0;
            failure[r] = null;
            finished[r] = false;
            java.util.Arrays.fill(h, r * H, (r + 1) * H, 0f);   // h and c start at zero every episode
            java.util.Arrays.fill(c, r * H, (r + 1) * H, 0f);
            noise[r] = new SplittableRandom(spec.noiseSeed());
            long t0 = System.nanoTime();
            try {
                byte[] obs = envs[r].reset(spec.trackSeed());
                if (sink != null) sink.frame(e, obs, 0, 0);
                envNanos[r] = System.nanoTime() - t0;
            } catch (RuntimeException ex) {
                job.finish(e, 0, 0, describe(ex));
                continue;
            }
            live++;
        }
    }

    /** Moves row {@code from}'s episode into row {@code to} (which is free); the env objects swap places. */
    private void moveRow(int from, int to) {
        CarRacing env = envs[to];
        envs[to] = envs[from];
        envs[from] = env;
        System.arraycopy(h, from * H, h, to * H, H);
        System.arraycopy(c, from * H, c, to * H, H);
        episode[to] = episode[from];
        steps[to] = steps[from];
        total[to] = total[from];
        envNanos[to] = envNanos[from];
        noise[to] = noise[from];
        failure[to] = failure[from];
        finished[to] = finished[from];
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }

    int live() { return live; }
}
