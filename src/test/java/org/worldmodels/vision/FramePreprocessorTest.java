// SPDX-License-Identifier: MIT
// FramePreprocessor against Pillow 9.4's Image.BILINEAR on real CarRacing frames (both versions).
package org.worldmodels.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;

class FramePreprocessorTest {
    static final Path FIXTURE = Path.of("src", "test", "resources", "fixtures", "pil_resize.npz");
    static final int IN = 96 * 96 * 3, OUT = 64 * 64 * 3;

    /** Written by src/test/python/make_resize_fixtures.py: frames (20,96,96,3), resized (20,64,64,3). */
    static Map<String, NpyArray> fixture() throws Exception {
        return Npy.readNpz(FIXTURE);
    }

    @Test
    void uint8ResizeEqualsPilBilinearExactly() throws Exception {
        Map<String, NpyArray> f = fixture();
        byte[] frames = f.get("frames").asBytes(), expected = f.get("resized").asBytes();
        int n = f.get("frames").dim(0);
        FramePreprocessor pre = new FramePreprocessor();
        byte[] frame = new byte[IN], out = new byte[OUT];
        int differing = 0, worstFrame = -1, worstIndex = -1, worstOurs = 0, worstPil = 0;
        for (int k = 0; k < n; k++) {
            System.arraycopy(frames, k * IN, frame, 0, IN);
            pre.toUint8(frame, out);
            for (int i = 0; i < OUT; i++) {
                int ours = out[i] & 255, pil = expected[k * OUT + i] & 255;
                if (ours != pil) {
                    differing++;
                    if (worstFrame < 0 || Math.abs(ours - pil) > Math.abs(worstOurs - worstPil)) {
                        worstFrame = k;
                        worstIndex = i;
                        worstOurs = ours;
                        worstPil = pil;
                    }
                }
            }
        }
        System.out.printf("PIL bilinear resize: %d frames, %d of %d bytes differ%n", n, differing, n * OUT);
        if (differing > 0) {
            fail(String.format("%d bytes differ; worst frame %d (y %d, x %d, channel %d): ours %d, PIL %d", differing,
                worstFrame, worstIndex / 3 / 64, worstIndex / 3 % 64, worstIndex % 3, worstOurs, worstPil));
        }
    }

    @Test
    void floatChwIsTheUint8ResultOver255ChannelsFirst() throws Exception {
        Map<String, NpyArray> f = fixture();
        byte[] frames = f.get("frames").asBytes(), expected = f.get("resized").asBytes();
        FramePreprocessor pre = new FramePreprocessor();
        byte[] frame = new byte[IN];
        float[] x = new float[2 + OUT];
        System.arraycopy(frames, 0, frame, 0, IN);
        pre.toFloatChw(frame, x, 2);
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 64 * 64; p++) {
                float want = (expected[p * 3 + c] & 255) / 255f;
                assertEquals(want, x[2 + c * 4096 + p], 0f, "channel " + c + " pixel " + p);
            }
        }
    }

    /** Noise, flat black and flat white frames: every byte value and both ends of the clamp. */
    @Test
    void equalsThePlainPilTranscriptionOnNoiseAndFlatFrames() throws Exception {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        FramePreprocessor pre = new FramePreprocessor();
        byte[] out = new byte[OUT];
        float[] x = new float[OUT];
        for (int k = 0; k < 12; k++) {
            byte[] frame = new byte[IN];
            if (k == 0) java.util.Arrays.fill(frame, (byte) 255);
            else if (k > 1) for (int i = 0; i < IN; i++) frame[i] = (byte) (k < 6 ? rng.nextInt(256) : (rng.nextBoolean() ? 255 : 0));
            byte[] want = PilBilinearReference.resize(frame);
            pre.toUint8(frame, out);
            assertArrayEquals(want, out, "uint8, frame " + k);
            pre.toFloatChw(frame, x, 0);
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 64 * 64; p++) assertEquals((want[p * 3 + c] & 255) / 255f, x[c * 4096 + p], 0f, "float, frame " + k);
            }
        }
    }

    @Test
    void thePlainPilTranscriptionEqualsPilOnRealFrames() throws Exception {
        Map<String, NpyArray> f = fixture();
        byte[] frames = f.get("frames").asBytes(), expected = f.get("resized").asBytes();
        for (int k = 0; k < f.get("frames").dim(0); k++) {
            byte[] got = PilBilinearReference.resize(java.util.Arrays.copyOfRange(frames, k * IN, (k + 1) * IN));
            assertArrayEquals(java.util.Arrays.copyOfRange(expected, k * OUT, (k + 1) * OUT), got, "frame " + k);
        }
    }

    @Test
    void everyOutputsPaddedTapsStayInsideTheImageAndKeepPilsWeightSum() {
        for (int[] sizes : new int[][] {{96, 64}, {84, 64}}) {
            FramePreprocessor.Taps t = new FramePreprocessor.Taps(sizes[0], sizes[1]);
            for (int j = 0; j < sizes[1]; j++) {
                assertTrue(t.first[j] >= 0 && t.first[j] + FramePreprocessor.TAPS <= sizes[0], "output " + j);
                int sum = 0;
                for (int i = 0; i < FramePreprocessor.TAPS; i++) sum += t.weight[j * FramePreprocessor.TAPS + i];
                assertEquals(1 << 22, sum, 2, "weights of output " + j + " sum to 1 in 2^-22 units (up to rounding)");
            }
        }
    }

    @Test
    void doesNotAllocatePerFrame() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] frame = java.util.Arrays.copyOf(fixture().get("frames").asBytes(), IN);
        FramePreprocessor pre = new FramePreprocessor();
        float[] x = new float[OUT];
        for (int i = 0; i < 2000; i++) pre.toFloatChw(frame, x, 0);
        long cpu = threads.getCurrentThreadCpuTime();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 2000; i++) pre.toFloatChw(frame, x, 0);
        long bytes = threads.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("preprocess: %.1f us CPU per frame%n", (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / 2000);
        assertEquals(0, bytes, "bytes allocated over 2000 frames");
    }
}
