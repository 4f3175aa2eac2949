// SPDX-License-Identifier: MIT
// M's trainer on tiny synthetic series: the loss falls, a run is reproducible from its seed, and a run
// resumed from a checkpoint is bit-identical to an unbroken one; held-out NLL split by dim adds up.
package org.worldmodels.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.worldmodels.data.SeriesFile.Series;
import org.worldmodels.nn.LearningRateSchedule;

class RnnTrainerTest {
    /** Per-dim NLL (double, our loop) averaged vs MixtureNll's mean (double sums in another order). */
    private static final double SPLIT_TOL = 1e-9;
    private static final double GAUSS_TOL = 1e-12;

    @TempDir
    Path dir;

    private static final List<Series> DATA = SyntheticSeries.make(4, 11, 11, 9, 11, 8, 11, 11, 10);

    private static RnnTrainer trainer(long seed, double lr) {
        MdnRnn m = new MdnRnn();
        m.initDefault(new SplittableRandom(seed));
        return new RnnTrainer(m, DATA, new RnnTrainer.Config(3, 6, 1.0, LearningRateSchedule.constant(lr), 0.25, seed));
    }

    @Test
    void heldOutNllFallsWithTraining() {
        RnnTrainer t = trainer(1, 3e-3);
        double before = t.heldOutNll();
        for (int i = 0; i < 24; i++) t.trainStep();
        double after = t.heldOutNll();
        assertTrue(after < before - 0.1, "held-out NLL " + before + " -> " + after + " should fall by > 0.1 nats in 24 steps");
    }

    @Test
    void sameSeedSameNumbersAndResumeEqualsAnUnbrokenRun() throws IOException {
        RnnTrainer unbroken = trainer(2, 1e-3);
        double[] losses = new double[6];
        for (int i = 0; i < 6; i++) losses[i] = unbroken.trainStep().nll();

        RnnTrainer first = trainer(2, 1e-3);
        for (int i = 0; i < 3; i++) assertEquals(losses[i], first.trainStep().nll(), 0.0, "step " + i + " of a second run");
        Path ckpt = dir.resolve("rnn.npz");
        first.save(ckpt);
        // Another trainer that has moved on (parameters, Adam moments, step) is fully restored by resume.
        RnnTrainer resumed = trainer(2, 1e-3);
        for (int i = 0; i < 2; i++) resumed.trainStep();
        resumed.resume(ckpt);
        assertEquals(3, resumed.step());
        for (int i = 3; i < 6; i++) assertEquals(losses[i], resumed.trainStep().nll(), 0.0, "step " + i + " after resume");
        assertArrayEquals(paramsOf(unbroken), paramsOf(resumed), "parameters after 6 steps");
    }

    private static float[] paramsOf(RnnTrainer t) throws IOException {
        return t.modelParams().clone();
    }

    @Test
    void resumeRefusesOtherSettings() throws IOException {
        RnnTrainer a = trainer(3, 1e-3);
        a.trainStep();
        Path ckpt = dir.resolve("rnn.npz");
        a.save(ckpt);
        MdnRnn m = new MdnRnn();
        RnnTrainer other = new RnnTrainer(m, DATA, new RnnTrainer.Config(2, 6, 1.0, LearningRateSchedule.constant(1e-3), 0.25, 3));
        String msg = assertThrows(IOException.class, () -> other.resume(ckpt)).getMessage();
        assertTrue(msg.contains("batch was 3, now 2"), msg);
    }

    @Test
    void perDimNllAveragesToTheTrainingLossAndBaselinesAreGaussians() {
        RnnTrainer t = trainer(5, 1e-3);
        t.trainStep();
        HeldOutEvaluation.Report r = t.heldOutReport();
        assertEquals(t.heldOutNll(), r.meanModel(), SPLIT_TOL, "mean of per-dim NLL vs MixtureNll");
        NormalDistribution n = new NormalDistribution(0.3, Math.exp(0.5 * -1.7));
        assertEquals(-n.logDensity(1.1), HeldOutEvaluation.gaussianNll(1.1, 0.3, -1.7), GAUSS_TOL);
        // The copy baselines: recomputed here from the held-out batch directly, with commons-math's normal.
        SeriesBatches.Batch b = t.batches.heldOutBatches().get(0);
        double copy = 0, oracle = 0;
        for (int row = 0; row < b.steps * b.size; row++) {
            if (b.mask[row] == 0f) continue;
            copy += -new NormalDistribution(b.x[row * 35], Math.exp(0.5 * b.logVarIn[row * 32])).logDensity(b.target[row * 32]);
            oracle += -new NormalDistribution(b.muIn[row * 32], Math.exp(0.5 * b.logVarTarget[row * 32])).logDensity(b.target[row * 32]);
        }
        assertEquals(copy / b.timesteps, r.copyVaeSigma()[0], 1e-9, "copy z_t with sigma_t, dim 0");
        assertEquals(oracle / b.timesteps, r.copyMuOracle()[0], 1e-9, "oracle copy of mu_t with sigma_{t+1}, dim 0");
    }
}
