// SPDX-License-Identifier: MIT
// Direct (seven-loop) convolution and transposed convolution with their backward passes: the
// definitions, written as plainly as possible; the fast kernels are tested against these.
package org.worldmodels.kernel;

/**
 * Reference convolutions, channels-first, no padding. Forward passes overwrite their output;
 * backward passes ACCUMULATE into dX, dW and dB (+=), so callers zero gradient buffers once per step.
 * Arrays are addressed from the given offsets; {@code bias}/{@code dB} may be null.
 */
public final class ConvScalar {
    private ConvScalar() {}

    /** y[b,co,oy,ox] = bias[co] + sum_{ci,ky,kx} w[co,ci,ky,kx] x[b,ci,oy*s+ky,ox*s+kx]. */
    public static void conv2dForward(ConvShape s, float[] x, int xOff, float[] w, int wOff,
                                     float[] bias, int biasOff, float[] y, int yOff) {
        int k = s.kernel(), st = s.stride(), oh = s.outH(), ow = s.outW();
        for (int b = 0; b < s.batch(); b++) {
            for (int co = 0; co < s.outChannels(); co++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float sum = bias == null ? 0f : bias[biasOff + co];
                        for (int ci = 0; ci < s.inChannels(); ci++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    sum += w[wOff + ((co * s.inChannels() + ci) * k + ky) * k + kx]
                                            * x[xOff + ((b * s.inChannels() + ci) * s.inH() + oy * st + ky) * s.inW() + ox * st + kx];
                                }
                            }
                        }
                        y[yOff + ((b * s.outChannels() + co) * oh + oy) * ow + ox] = sum;
                    }
                }
            }
        }
    }

    /** dx[b,ci,oy*s+ky,ox*s+kx] += w[co,ci,ky,kx] dy[b,co,oy,ox]. */
    public static void conv2dBackwardInput(ConvShape s, float[] dy, int dyOff, float[] w, int wOff, float[] dx, int dxOff) {
        int k = s.kernel(), st = s.stride(), oh = s.outH(), ow = s.outW();
        for (int b = 0; b < s.batch(); b++) {
            for (int co = 0; co < s.outChannels(); co++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float g = dy[dyOff + ((b * s.outChannels() + co) * oh + oy) * ow + ox];
                        for (int ci = 0; ci < s.inChannels(); ci++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    dx[dxOff + ((b * s.inChannels() + ci) * s.inH() + oy * st + ky) * s.inW() + ox * st + kx]
                                            += w[wOff + ((co * s.inChannels() + ci) * k + ky) * k + kx] * g;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** dw[co,ci,ky,kx] += sum_{b,oy,ox} dy[b,co,oy,ox] x[b,ci,oy*s+ky,ox*s+kx]; dB[co] += sum dy[b,co,..]. */
    public static void conv2dBackwardWeight(ConvShape s, float[] x, int xOff, float[] dy, int dyOff,
                                            float[] dW, int dWOff, float[] dB, int dBOff) {
        int k = s.kernel(), st = s.stride(), oh = s.outH(), ow = s.outW();
        for (int b = 0; b < s.batch(); b++) {
            for (int co = 0; co < s.outChannels(); co++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float g = dy[dyOff + ((b * s.outChannels() + co) * oh + oy) * ow + ox];
                        if (dB != null) dB[dBOff + co] += g;
                        for (int ci = 0; ci < s.inChannels(); ci++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    dW[dWOff + ((co * s.inChannels() + ci) * k + ky) * k + kx]
                                            += g * x[xOff + ((b * s.inChannels() + ci) * s.inH() + oy * st + ky) * s.inW() + ox * st + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Transposed convolution: y = bias + scatter of x[b,ci,iy,ix] w[ci,co,ky,kx] into y[b,co,iy*s+ky,ix*s+kx]. */
    public static void convTranspose2dForward(ConvShape s, float[] x, int xOff, float[] w, int wOff,
                                              float[] bias, int biasOff, float[] y, int yOff) {
        int k = s.kernel(), st = s.stride(), oh = s.outH(), ow = s.outW(), co_ = s.outChannels();
        for (int b = 0; b < s.batch(); b++) {
            for (int co = 0; co < co_; co++) {
                float bv = bias == null ? 0f : bias[biasOff + co];
                int base = yOff + (b * co_ + co) * oh * ow;
                for (int i = 0; i < oh * ow; i++) y[base + i] = bv;
            }
            for (int ci = 0; ci < s.inChannels(); ci++) {
                for (int iy = 0; iy < s.inH(); iy++) {
                    for (int ix = 0; ix < s.inW(); ix++) {
                        float xv = x[xOff + ((b * s.inChannels() + ci) * s.inH() + iy) * s.inW() + ix];
                        for (int co = 0; co < co_; co++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    y[yOff + ((b * co_ + co) * oh + iy * st + ky) * ow + ix * st + kx]
                                            += xv * w[wOff + ((ci * co_ + co) * k + ky) * k + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** dx[b,ci,iy,ix] += sum_{co,ky,kx} w[ci,co,ky,kx] dy[b,co,iy*s+ky,ix*s+kx] (a plain convolution of dy). */
    public static void convTranspose2dBackwardInput(ConvShape s, float[] dy, int dyOff, float[] w, int wOff, float[] dx, int dxOff) {
        int k = s.kernel(), st = s.stride(), oh = s.outH(), ow = s.outW(), co_ = s.outChannels();
        for (int b = 0; b < s.batch(); b++) {
            for (int ci = 0; ci < s.inChannels(); ci++) {
                for (int iy = 0; iy < s.inH(); iy++) {
                    for (int ix = 0; ix < s.inW(); ix++) {
                        float sum = 0f;
                        for (int co = 0; co < co_; co++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    sum += w[wOff + ((ci * co_ + co) * k + ky) * k + kx]
                                            * dy[dyOff + ((b * co_ + co) * oh + iy * st + ky) * ow + ix * st + kx];
                                }
                            }
                        }
                        dx[dxOff + ((b * s.inChannels() + ci) * s.inH() + iy) * s.inW() + ix] += sum;
                    }
                }
            }
        }
    }

    /** dw[ci,co,ky,kx] += sum_{b,iy,ix} x[b,ci,iy,ix] dy[b,co,iy*s+ky,ix*s+kx]; dB[co] += sum dy[b,co,..]. */
    public static void convTranspose2dBackwardWeight(ConvShape s, float[] x, int xOff, float[] dy, int dyOff,
                                                     float[] dW, int dWOff, float[] dB, int dBOff) {
        int k = s.kernel(), st = s.stride(), oh = s.outH(), ow = s.outW(), co_ = s.outChannels();
        for (int b = 0; b < s.batch(); b++) {
            if (dB != null) {
                for (int co = 0; co < co_; co++) {
                    int base = dyOff + (b * co_ + co) * oh * ow;
                    float sum = 0f;
                    for (int i = 0; i < oh * ow; i++) sum += dy[base + i];
                    dB[dBOff + co] += sum;
                }
            }
            for (int ci = 0; ci < s.inChannels(); ci++) {
                for (int iy = 0; iy < s.inH(); iy++) {
                    for (int ix = 0; ix < s.inW(); ix++) {
                        float xv = x[xOff + ((b * s.inChannels() + ci) * s.inH() + iy) * s.inW() + ix];
                        for (int co = 0; co < co_; co++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    dW[dWOff + ((ci * co_ + co) * k + ky) * k + kx]
                                            += xv * dy[dyOff + ((b * co_ + co) * oh + iy * st + ky) * ow + ix * st + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
