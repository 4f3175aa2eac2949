// SPDX-License-Identifier: MIT
// A batch of episodes shared by the rollout workers: the queue they take episodes from, the retry
// rule (a failed episode runs once more, then scores FAILURE_REWARD with a warning), and the results.
package org.worldmodels.control;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.worldmodels.log.Log;

/** Thread-safe: workers call {@link #next} and {@link #finish}; each episode index is finished by one worker. */
final class RolloutJob {
    final float[][] parameters;
    final List<EpisodeSpec> episodes;
    final int[] candidateOfEpisode;
    final int maxSteps;
    final long timeLimitNanos;
    final boolean sampleZ;
    final double[] rewards;
    final int[] steps;
    final boolean[] failed;
    private final int[] attempts;
    private final AtomicInteger nextFresh = new AtomicInteger();
    private final ConcurrentLinkedQueue<Integer> retries = new ConcurrentLinkedQueue<>();
    final AtomicInteger done = new AtomicInteger();
    /** Called after each episode's final result (progress bars); may be null. */
    volatile Runnable onFinish;

    RolloutJob(float[][] parameters, List<EpisodeSpec> episodes, int maxSteps, long timeLimitNanos, boolean sampleZ) {
        this.parameters = parameters;
        this.episodes = List.copyOf(episodes);
        this.maxSteps = maxSteps;
        this.timeLimitNanos = timeLimitNanos;
        this.sampleZ = sampleZ;
        int n = episodes.size();
        candidateOfEpisode = new int[n];
        for (int i = 0; i < n; i++) {
            int k = episodes.get(i).candidate();
            if (k < 0 || k >= parameters.length) {
                throw new IllegalArgumentException("episode " + i + " names candidate " + k + " of " + parameters.length);
            }
            candidateOfEpisode[i] = k;
        }
        rewards = new double[n];
        steps = new int[n];
        failed = new boolean[n];
        attempts = new int[n];
    }

    /** The next episode to start (retries first), or -1 when none is waiting. */
    int next() {
        Integer retry = retries.poll();
        if (retry != null) return retry;
        int e = nextFresh.getAndIncrement();
        return e < episodes.size() ? e : -1;
    }

    /** Records an episode's end; {@code failure} non-null means this attempt failed (retried once). */
    void finish(int e, double totalReward, int stepCount, String failure) {
        EpisodeSpec s = episodes.get(e);
        if (failure != null && ++attempts[e] < 2) {
            Log.warn("episode " + e + " (candidate " + s.candidate() + ", track seed " + s.trackSeed() + ") failed: "
                    + failure + "; retrying once");
            retries.add(e);
            return;
        }
        if (failure != null) {
            Log.warn("episode " + e + " (candidate " + s.candidate() + ", track seed " + s.trackSeed() + ") failed again: "
                    + failure + "; scored " + AgentRollouts.FAILURE_REWARD);
            rewards[e] = AgentRollouts.FAILURE_REWARD;
            failed[e] = true;
        } else {
            rewards[e] = totalReward;
        }
        steps[e] = stepCount;
        done.incrementAndGet();
        Runnable f = onFinish;
        if (f != null) f.run();
    }
}
