// SPDX-License-Identifier: MIT
// The controller C: one dense layer with tanh from [z; h] to the three actions (867 parameters, the
// vector CMA-ES searches), and the mapping of its outputs to CarRacing's steer, gas and brake.
package org.worldmodels.control;

import java.util.random.RandomGenerator;
import org.worldmodels.nn.Dense;
import org.worldmodels.tensor.ParamSet;

/**
 * {@code a = tanh(W [z; h] + b)}, W (3, 288), b (3), registered as {@code fc.weight}, {@code fc.bias}
 * like PyTorch's {@code Controller}. The flat parameter vector is W row-major then b, which is
 * exactly the ParamSet's buffer. Not thread-safe (act keeps its inputs for backward): one instance
 * per thread.
 */
public final class Controller {
    public static final int Z = 32, H = 256, IN = Z + H, A = 3;
    /** Number of parameters: 3 * 288 + 3. */
    public static final int SIZE = A * IN + A;

    public final ParamSet params;
    public final Dense fc;
    /** (B, 288) inputs and (B, 3) outputs of the last act, kept for backward; grown, never shrunk. */
    private float[] zh = new float[0], a = new float[0], dPre = new float[0];
    private int lastBatch;

    public Controller() {
        ParamSet.Builder b = ParamSet.builder();
        this.fc = new Dense(b, "fc", IN, A);
        this.params = b.build();
    }

    /** nn.Linear's default initialisation: weight and bias U(-1/sqrt(288), 1/sqrt(288)). */
    public void initDefault(RandomGenerator rng) {
        float bound = (float) (1.0 / Math.sqrt(IN));
        for (int i = 0; i < SIZE; i++) params.data[i] = (float) rng.nextDouble(-bound, bound);
    }

    /** Sets all parameters from the flat vector (W row-major, then b); the values are rounded to float. */
    public void setParameters(double[] flat) {
        checkLength(flat.length);
        for (int i = 0; i < SIZE; i++) params.data[i] = (float) flat[i];
    }

    public void setParameters(float[] flat) {
        checkLength(flat.length);
        System.arraycopy(flat, 0, params.data, 0, SIZE);
    }

    /** A copy of the flat parameter vector. */
    public float[] getParameters() { return params.data.clone(); }

    /** Writes the flat parameter vector into out (length 867), e.g. a CMA-ES mean. */
    public void getParameters(double[] out) {
        checkLength(out.length);
        for (int i = 0; i < SIZE; i++) out[i] = params.data[i];
    }

    private static void checkLength(int n) {
        if (n != SIZE) throw new IllegalArgumentException("controller expects " + SIZE + " parameters, got " + n);
    }

    /** Actions in [-1, 1]^3 for B agents at once. Allocates only when B grows past every earlier call. */
    // z (B, 32), h (B, 256) -> aOut (B, 3) = tanh(W [z; h] + b)
    public void act(int batch, float[] z, float[] h, float[] aOut) {
        if (z.length < batch * Z || h.length < batch * H || aOut.length < batch * A) {
            throw new IllegalArgumentException("act with B=" + batch + " needs z (" + batch + "," + Z + "), h (" + batch + "," + H + "), a ("
                    + batch + "," + A + "); got lengths " + z.length + ", " + h.length + ", " + aOut.length);
        }
        if (zh.length < batch * IN) {
            zh = new float[batch * IN];
            a = new float[batch * A];
            dPre = new float[batch * A];
        }
        for (int b = 0; b < batch; b++) {
            System.arraycopy(z, b * Z, zh, b * IN, Z);
            System.arraycopy(h, b * H, zh, b * IN + Z, H);
        }
        fc.forward(batch, zh, 0, a, 0);
        for (int i = 0; i < batch * A; i++) a[i] = (float) Math.tanh(a[i]);
        System.arraycopy(a, 0, aOut, 0, batch * A);
        lastBatch = batch;
    }

    /** Accumulates the parameter gradients of the last {@link #act} given dA (B, 3) = d(loss)/d(a). */
    // dA (B, 3) -> params.grad += ; tanh' = 1 - a^2
    public void backward(float[] dA) {
        int batch = lastBatch;
        if (batch == 0) throw new IllegalStateException("backward needs an act first");
        if (dA.length < batch * A) throw new IllegalArgumentException("dA has " + dA.length + " floats, expected (" + batch + "," + A + ")");
        for (int i = 0; i < batch * A; i++) dPre[i] = dA[i] * (1 - a[i] * a[i]);
        fc.backward(batch, zh, 0, dPre, 0, null, 0);
    }

    /** CarRacing's action from C's outputs: steer = a0, gas = (a1 + 1) / 2, brake = clip(a2, 0, 1). */
    // a (B, 3) in [-1, 1] -> env (B, 3) = (steer, gas, brake)
    public static void toEnvAction(int batch, float[] a, float[] env) {
        for (int b = 0; b < batch; b++) {
            int o = b * A;
            env[o] = a[o];
            env[o + 1] = (a[o + 1] + 1) / 2;
            env[o + 2] = Math.min(1f, Math.max(0f, a[o + 2]));
        }
    }
}
