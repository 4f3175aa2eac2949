// SPDX-License-Identifier: MIT
// Shuffled frames streamed from the episode files for V's training: memory is bounded by a shuffle
// buffer of K frames plus one episode, whatever the size of the data set (the paper's is 123 GB raw).
package org.worldmodels.vision;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.worldmodels.data.EpisodeFile;
import org.worldmodels.log.Log;
import org.worldmodels.tensor.StreamRandom;

/**
 * One epoch: the files in a random order; each frame read enters a buffer of {@code capacity} frames;
 * once the buffer is full, each new frame replaces a uniformly chosen one, which goes out; when the
 * files are exhausted the rest go out in random order. Every frame goes out exactly once per epoch.
 * The order depends only on (seed, epoch). A file that cannot be read is skipped with a warning naming
 * it (once per run), never kept silently and never fatal.
 *
 * <p>Memory: {@code capacity * 12,288} bytes for the buffer plus one episode (at most 1000 frames,
 * 12 MB) being read.
 */
public final class FrameStream {
    private final List<Path> files;
    private final int capacity;
    private final Set<Path> warned = new HashSet<>();

    public FrameStream(List<Path> files, int capacity) {
        if (files.isEmpty()) throw new IllegalArgumentException("no episode files to stream frames from");
        if (capacity < 1) throw new IllegalArgumentException("shuffle buffer must hold at least 1 frame, got " + capacity);
        this.files = List.copyOf(files);
        this.capacity = capacity;
    }

    public List<Path> files() { return files; }

    public int capacity() { return capacity; }

    /** Starts epoch {@code epoch} (from 0) of the stream seeded by {@code seed}. */
    public Epoch epoch(long seed, int epoch) { return new Epoch(FrameRandom.of(seed, FrameRandom.ORDER, epoch)); }

    /** A frame's identity: its file's index in {@link #files()} (high 32 bits) and its step t (low 32 bits). */
    public static long id(int file, int t) { return ((long) file << 32) | t; }

    /** The frames of one epoch, pulled in batches. */
    public final class Epoch {
        private final StreamRandom rng;
        private final int[] order;
        private final byte[] buffer;     // (capacity, 64, 64, 3) uint8
        private final long[] ids;        // (capacity) frame ids
        private int count, nextFile;
        private EpisodeFile.Episode episode;
        private int episodeFile, t;

        private Epoch(StreamRandom rng) {
            this.rng = rng;
            this.order = rng.permutation(files.size());
            this.buffer = new byte[capacity * EpisodeFile.FRAME];
            this.ids = new long[capacity];
        }

        /** Episode files opened so far in this epoch (for progress: the buffer's frames lag behind them). */
        public int filesOpened() { return nextFile; }

        /**
         * Fills up to {@code batch} frames into x (B,3,64,64) in [0,1] and their ids into idsOut (may be
         * null); returns how many (fewer only at the end of the epoch, 0 when it is over).
         */
        public int nextBatch(int batch, float[] x, long[] idsOut) throws IOException {
            int b = 0;
            while (b < batch) {
                int slot;
                if (episode != null && t < episode.length()) {
                    if (count < capacity) {        // filling: the frame only enters the buffer
                        store(count++, episode, episodeFile, t++);
                        continue;
                    }
                    slot = rng.nextInt(capacity);  // full: a random frame leaves, the new one takes its place
                    emit(slot, x, idsOut, b++);
                    store(slot, episode, episodeFile, t++);
                } else if (nextFile < order.length) {
                    load(order[nextFile++]);
                } else if (count > 0) {            // draining: random frames without replacement
                    slot = rng.nextInt(count);
                    emit(slot, x, idsOut, b++);
                    count--;
                    System.arraycopy(buffer, count * EpisodeFile.FRAME, buffer, slot * EpisodeFile.FRAME, EpisodeFile.FRAME);
                    ids[slot] = ids[count];
                } else {
                    break;
                }
            }
            return b;
        }

        private void load(int file) {
            Path f = files.get(file);
            try {
                episode = EpisodeFile.read(f);
                episodeFile = file;
            } catch (IOException | RuntimeException e) {
                episode = null;
                if (warned.add(f)) Log.warn("skipping unreadable rollout " + f + ": " + e.getMessage());
            }
            t = 0;
        }

        private void store(int slot, EpisodeFile.Episode e, int file, int step) {
            System.arraycopy(e.obs(), step * EpisodeFile.FRAME, buffer, slot * EpisodeFile.FRAME, EpisodeFile.FRAME);
            ids[slot] = id(file, step);
        }

        // buffer[slot] (64,64,3) u8 -> x[i] (3,64,64) f32 in [0, 1]
        private void emit(int slot, float[] x, long[] idsOut, int i) {
            int base = slot * EpisodeFile.FRAME, plane = EpisodeFile.SIZE * EpisodeFile.SIZE, off = i * ConvVae.PIXELS;
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < EpisodeFile.CHANNELS; c++) x[off + c * plane + p] = (buffer[base + p * 3 + c] & 0xff) / 255f;
            }
            if (idsOut != null) idsOut[i] = ids[slot];
        }
    }
}
