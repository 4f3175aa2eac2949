// SPDX-License-Identifier: MIT
// VaeTrainer: the loss falls, and a run checkpointed mid-epoch and resumed in a new trainer ends with
// exactly the parameters and Adam state of an unbroken run; checkpoints of other settings are refused.
package org.worldmodels.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.worldmodels.data.EpisodeFile;
import org.worldmodels.data.EpisodeFiles;
import org.worldmodels.nn.Adam;

class VaeTrainerTest {
    static final int BATCH = 4, CAPACITY = 6, SEED = 11;
    /** Larger than the paper's 1e-4 so that a few steps move the loss clearly. */
    static final double LEARNING_RATE = 1e-3;

    @TempDir
    Path dir;

    private VaeTrainer trainer(Path rollouts, long seed) throws IOException {
        ConvVae vae = new ConvVae(BATCH);
        vae.initDefault(5);
        return new VaeTrainer(vae, new Adam(vae.params, LEARNING_RATE), new FrameStream(EpisodeFiles.list(rollouts, "rollouts"), CAPACITY), BATCH, seed);
    }

    /** Runs until {@code epochs} are done or {@code steps} steps; returns the losses. */
    private static List<Double> run(VaeTrainer t, int epochs, long steps) throws IOException {
        List<Double> losses = new ArrayList<>();
        while (t.epoch() < epochs && t.step() < steps) {
            VaeTrainer.StepResult r = t.trainStep();
            if (r != null) losses.add(r.parts().total());
        }
        return losses;
    }

    @Test
    void resumedMidEpochEqualsUnbroken() throws Exception {
        Path rollouts = dir.resolve("r");
        SyntheticEpisodes.write(rollouts, 3, 2, 3);   // 8 frames: 2 steps per epoch
        VaeTrainer unbroken = trainer(rollouts, SEED);
        HeldOutFrames frames = new HeldOutFrames(EpisodeFile.readFolder(rollouts), 100);
        double before = frames.loss(unbroken.vae).total();
        run(unbroken, 2, Long.MAX_VALUE);
        assertEquals(4, unbroken.step(), "two epochs of 2 steps");
        double after = frames.loss(unbroken.vae).total();
        assertTrue(after < before, "loss over the 8 frames (z = mu) falls: " + before + " -> " + after);

        VaeTrainer first = trainer(rollouts, SEED);
        run(first, 2, 3);                      // stops in the middle of epoch 2
        Path ckpt = dir.resolve("vae/vae.npz");
        first.save(ckpt);
        VaeTrainer second = trainer(rollouts, SEED);
        second.vae.initDefault(99);            // overwritten by the checkpoint
        second.resume(ckpt);
        assertEquals(3, second.step());
        run(second, 2, Long.MAX_VALUE);
        assertArrayEquals(unbroken.vae.params.data, second.vae.params.data, "parameters after 3 + 1 steps vs 4");
        assertArrayEquals(unbroken.adam.secondMoment(), second.adam.secondMoment(), "Adam's second moment");
        assertEquals(unbroken.adam.stepCount(), second.adam.stepCount());

        VaeTrainer otherSeed = trainer(rollouts, SEED + 1);
        IOException e = assertThrows(IOException.class, () -> otherSeed.resume(ckpt));
        assertTrue(e.getMessage().contains("seed"), e.getMessage());
    }
}
