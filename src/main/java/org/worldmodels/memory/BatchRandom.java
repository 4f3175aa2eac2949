// SPDX-License-Identifier: MIT
// The random streams of M's training (tensor/StreamRandom addressed by (seed, stream, index)).
package org.worldmodels.memory;

import org.worldmodels.tensor.StreamRandom;

/** Names of M's streams; every draw of train-rnn comes from {@code of(seed, stream, index)}. */
public final class BatchRandom {
    /** Which episodes are held out, the episode order of an epoch, a training batch, a held-out episode's eps. */
    public static final int SPLIT = 0, ORDER = 1, BATCH = 2, EVAL = 3;

    private BatchRandom() {}

    public static StreamRandom of(long seed, int stream, long index) { return StreamRandom.of(seed, stream, index); }
}
