// SPDX-License-Identifier: MIT
// VaeTrainer: the loss falls on a small set of frames, runs are reproducible from the seed, and a
// partial last batch is trained on.
package org.worldmodels.vision;

import org.junit.jupiter.api.Test;
import org.worldmodels.nn.Adam;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VaeTrainerTest {
    static final int FRAMES = 6, BATCH = 4, EPOCHS = 2;
    /** A larger rate than the paper's 1e-4 so that four steps move the loss clearly. */
    static final double LEARNING_RATE = 1e-3;

    /** Six smooth test images: horizontal and vertical colour ramps, different per frame. */
    static final VaeTrainer.Frames RAMPS = new VaeTrainer.Frames() {
        public int count() { return FRAMES; }

        public void copyTo(int index, float[] dst, int off) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        double t = (index % 2 == 0 ? x : y) / 63.0;
                        dst[off + (c * 64 + y) * 64 + x] = (float) (0.5 + 0.4 * Math.sin(3 * t + index + 2 * c));
                    }
                }
            }
        }
    };

    private static List<VaeTrainer.EpochResult> train(ConvVae vae, List<Long> stepsSeen) {
        Adam adam = new Adam(vae.params, LEARNING_RATE);
        VaeTrainer trainer = new VaeTrainer(vae, adam, BATCH, 17);
        List<VaeTrainer.EpochResult> results = new ArrayList<>();
        for (int e = 0; e < EPOCHS; e++) results.add(trainer.epoch(RAMPS, (step, parts) -> stepsSeen.add(step)));
        return results;
    }

    @Test
    void lossFallsAndRunsRepeatFromTheSeed() {
        ConvVae a = new ConvVae(BATCH);
        a.initDefault(5);
        List<Long> steps = new ArrayList<>();
        List<VaeTrainer.EpochResult> r = train(a, steps);
        assertEquals(List.of(1L, 2L, 3L, 4L), steps, "6 frames in batches of 4: two steps (4 + 2 frames) per epoch");
        assertEquals(2, r.get(0).steps());
        assertTrue(r.get(1).total() < r.get(0).total(),
                "loss should fall: epoch 1 " + r.get(0).total() + ", epoch 2 " + r.get(1).total());

        ConvVae b = new ConvVae(BATCH);
        b.initDefault(5);
        List<VaeTrainer.EpochResult> again = train(b, new ArrayList<>());
        assertEquals(r, again, "same seed, same losses");
        assertArrayEquals(a.params.data, b.params.data, "same seed, same parameters");
    }
}
