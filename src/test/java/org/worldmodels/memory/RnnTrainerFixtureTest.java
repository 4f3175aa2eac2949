// SPDX-License-Identifier: MIT
// The trainer against its PyTorch twin (src/test/python/train_mdn_reference.py --fixture): the same
// series give the same first batch, and 6 steps give the same train and held-out NLL curves.
package org.worldmodels.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.worldmodels.FixturePatterns;
import org.worldmodels.data.EpisodeFiles;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;
import org.worldmodels.data.SeriesFile.Series;
import org.worldmodels.nn.LearningRateSchedule;

class RnnTrainerFixtureTest {
    /** Batch contents: the same float formula, exp in double on both sides (NumPy vs Math may differ by an ulp). */
    private static final double BATCH_TOL = 1e-6;
    /** NLL after up to 6 Adam steps, float32 on both sides with other summation orders. */
    private static final double NLL_REL_TOL = 1e-4;

    @Test
    void batchesAndNllCurvesMatchPyTorch() throws Exception {
        Map<String, NpyArray> fx = Npy.readNpz(Path.of(getClass().getResource("/fixtures/rnn_trainer.npz").toURI()));
        List<Series> series = new ArrayList<>();
        for (int i = 0; i < (int) fx.get("n_series").scalar(); i++) {
            float[] mu = fx.get("s" + i + "_mu").asFloats();
            int T = mu.length / 32;
            series.add(new Series(EpisodeFiles.fileName(i), T, mu, fx.get("s" + i + "_logvar").asFloats(), fx.get("s" + i + "_action").asFloats(),
                    new float[T], new boolean[T], i));
        }
        MdnRnn m = new MdnRnn();
        FixturePatterns.patternFill(m.params);
        RnnTrainer t = new RnnTrainer(m, series, new RnnTrainer.Config((int) fx.get("batch").scalar(), (int) fx.get("seq_len").scalar(), 1.0,
                LearningRateSchedule.constant(fx.get("lr").scalar()), fx.get("held_out").scalar(), (long) fx.get("seed").scalar()));

        SeriesBatches.Batch b = t.batches.trainBatch(0);
        assertClose("batch 0 x", fx.get("batch0_x").asFloats(), b.x, BATCH_TOL);
        assertClose("batch 0 target", fx.get("batch0_target").asFloats(), b.target, BATCH_TOL);
        assertClose("batch 0 mask", fx.get("batch0_mask").asFloats(), b.mask, 0);

        double[] train = fx.get("train_nll").asDoubles(), held = fx.get("heldout_nll").asDoubles();
        assertRel("held-out NLL at step 0", held[0], t.heldOutNll());
        for (int s = 0; s < train.length; s++) {
            assertRel("train NLL of step " + (s + 1), train[s], t.trainStep().nll());
            if (!Double.isNaN(held[s + 1])) assertRel("held-out NLL after step " + (s + 1), held[s + 1], t.heldOutNll());
        }
    }

    private static void assertRel(String what, double torch, double java) {
        double rel = Math.abs(java - torch) / Math.abs(torch);
        assertTrue(rel <= NLL_REL_TOL, what + ": java " + java + " torch " + torch + " relative error " + rel + " > " + NLL_REL_TOL);
    }

    private static void assertClose(String what, float[] torch, float[] java, double tol) {
        assertEquals(torch.length, java.length, what + " length");
        int worst = 0;
        double err = -1;
        for (int i = 0; i < torch.length; i++) {
            double e = Math.abs(torch[i] - java[i]);
            if (e > err) { err = e; worst = i; }
        }
        assertTrue(err <= tol, what + ": worst index " + worst + " java " + java[worst] + " torch " + torch[worst] + " |diff| " + err + " > " + tol);
    }
}
