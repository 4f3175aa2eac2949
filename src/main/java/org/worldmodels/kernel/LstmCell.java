// SPDX-License-Identifier: MIT
// Facade of the LSTM cell's element-wise kernels (training's sequence path): LstmCellVector when SIMD
// is on, LstmCellScalar otherwise; both give the same bits.
package org.worldmodels.kernel;

/**
 * The element-wise part of an LSTM step over a block of rows, in torch.nn.LSTM's gate order [i, f, g, o].
 * Row b of gates is (4H) at gOff + b*4H; row b of every (rows, H) array is at its offset + b*H.
 */
public final class LstmCell {
    private LstmCell() {}

    /**
     * Forward:
     * <pre>
     *   [i, f, g, o] = [sigmoid, sigmoid, tanh, sigmoid](gates + bias)     (written over gates)
     *   c_t = f c_{t-1} + i g,    h_t = o tanh(c_t)
     * </pre>
     * bias is (4H), b_ih + b_hh. c may not alias cPrev.
     */
    // gates (rows, 4H), bias (4H), cPrev (rows, H) -> gates activated; c, tanhC, h (rows, H)
    public static void forward(int rows, int hidden, float[] gates, int gOff, float[] bias, int biasOff,
                               float[] cPrev, int cPrevOff, float[] c, int cOff, float[] tanhC, int tOff, float[] h, int hOff) {
        if (Simd.ENABLED) LstmCellVector.forward(rows, hidden, gates, gOff, bias, biasOff, cPrev, cPrevOff, c, cOff, tanhC, tOff, h, hOff);
        else LstmCellScalar.forward(rows, hidden, gates, gOff, bias, biasOff, cPrev, cPrevOff, c, cOff, tanhC, tOff, h, hOff);
    }

    /**
     * Backward of one step, with the activated gates and tanh(c_t) the forward kept:
     * <pre>
     *   dh_t = dH_t + dh,   dc_t = dc + dh_t o (1 - tanh^2 c_t)
     *   do = dh_t tanh c_t,  di = dc_t g,  dg = dc_t i,  df = dc_t c_{t-1},   dc <- dc_t f
     * </pre>
     * each gate gradient then times its activation's derivative (written over gates: d(pre-activation)).
     * dh is read only (the caller overwrites it with dGates W_hh); dc is updated in place to dc_{t-1}.
     */
    // gates (rows, 4H) activated, tanhC, cPrev, dHOut, dh, dc (rows, H) -> gates = d(pre-activation); dc = dc_{t-1}
    public static void backward(int rows, int hidden, float[] gates, int gOff, float[] tanhC, int tOff, float[] cPrev, int cPrevOff,
                                float[] dHOut, int dHOff, float[] dh, int dhOff, float[] dc, int dcOff) {
        if (Simd.ENABLED) LstmCellVector.backward(rows, hidden, gates, gOff, tanhC, tOff, cPrev, cPrevOff, dHOut, dHOff, dh, dhOff, dc, dcOff);
        else LstmCellScalar.backward(rows, hidden, gates, gOff, tanhC, tOff, cPrev, cPrevOff, dHOut, dHOff, dh, dhOff, dc, dcOff);
    }
}
