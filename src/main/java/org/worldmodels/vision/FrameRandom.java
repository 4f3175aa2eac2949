// SPDX-License-Identifier: MIT
// The random streams of rollouts and V's training (tensor/StreamRandom addressed by (seed, stream, index)):
// an episode's track and actions, an epoch's order and a step's eps each come from their own generator.
package org.worldmodels.vision;

import org.worldmodels.tensor.StreamRandom;

/** Names of V's streams; every draw of generate and train-vae comes from {@code of(seed, stream, index)}. */
public final class FrameRandom {
    /** Streams: an episode's track seed, its policy, an epoch's file order and shuffle, a step's eps. */
    public static final int TRACK = 0, POLICY = 1, ORDER = 2, EPS = 3;

    private FrameRandom() {}

    public static StreamRandom of(long seed, int stream, long index) { return StreamRandom.of(seed, stream, index); }
}
