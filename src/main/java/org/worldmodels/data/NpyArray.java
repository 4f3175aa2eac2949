// SPDX-License-Identifier: MIT
// One NumPy array as it is stored in a .npy file: a dtype, a shape, and little-endian raw bytes.
// Typed views (asFloats, asDoubles, ...) copy out; the factories copy in.
package org.worldmodels.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A NumPy array held as raw little-endian bytes with its dtype code and shape (C order only).
 *
 * <p>dtype codes are NumPy's without the byte-order mark: {@code f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1},
 * {@code U<n>} (UCS-4 strings of n characters) and {@code S<n>} (byte strings).
 */
public final class NpyArray {
    private final String dtype;
    private final int[] shape;
    private final byte[] data;

    public NpyArray(String dtype, int[] shape, byte[] data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
        long expected = (long) itemSize(dtype) * size();
        if (expected != data.length) {
            throw new IllegalArgumentException("array of dtype " + dtype + " and shape " + Arrays.toString(shape)
                    + " needs " + expected + " bytes, got " + data.length);
        }
    }

    public String dtype() { return dtype; }

    public int[] shape() { return shape.clone(); }

    public int ndim() { return shape.length; }

    public int dim(int i) { return shape[i]; }

    /** Number of elements (product of the shape; 1 for a scalar). */
    public int size() {
        long n = 1;
        for (int s : shape) n *= s;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("array too large: " + Arrays.toString(shape));
        return (int) n;
    }

    /** The raw little-endian bytes (not a copy). */
    public byte[] rawBytes() { return data; }

    static int itemSize(String dtype) {
        char kind = dtype.charAt(0);
        int n = Integer.parseInt(dtype.substring(1));
        return kind == 'U' ? 4 * n : n;
    }

    private ByteBuffer buf() { return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN); }

    private void requireKind(String what, String... allowed) {
        for (String a : allowed) if (a.equals(dtype)) return;
        throw new IllegalArgumentException("cannot read a " + dtype + " array as " + what
                + " (expected one of " + String.join(", ", allowed) + ")");
    }

    // ---- typed views (copies) -------------------------------------------------------------------

    public float[] asFloats() {
        requireKind("float32", "f4", "f8");
        int n = size();
        float[] out = new float[n];
        ByteBuffer b = buf();
        if (dtype.equals("f4")) b.asFloatBuffer().get(out);
        else for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(8 * i);
        return out;
    }

    public double[] asDoubles() {
        int n = size();
        double[] out = new double[n];
        ByteBuffer b = buf();
        switch (dtype) {
            case "f8" -> b.asDoubleBuffer().get(out);
            case "f4" -> { for (int i = 0; i < n; i++) out[i] = b.getFloat(4 * i); }
            case "i8", "u8", "i4", "u4", "i2", "u2", "i1", "u1", "b1" -> {
                long[] l = asLongs();
                for (int i = 0; i < n; i++) out[i] = l[i];
            }
            default -> throw new IllegalArgumentException("cannot read a " + dtype + " array as float64");
        }
        return out;
    }

    /** Integers (and booleans as 0/1) widened to long; uint64 values keep their bits. */
    public long[] asLongs() {
        int n = size();
        long[] out = new long[n];
        ByteBuffer b = buf();
        for (int i = 0; i < n; i++) {
            out[i] = switch (dtype) {
                case "i8", "u8" -> b.getLong(8 * i);
                case "i4" -> b.getInt(4 * i);
                case "u4" -> Integer.toUnsignedLong(b.getInt(4 * i));
                case "i2" -> b.getShort(2 * i);
                case "u2" -> Short.toUnsignedInt(b.getShort(2 * i));
                case "i1" -> b.get(i);
                case "u1", "b1" -> Byte.toUnsignedInt(b.get(i));
                default -> throw new IllegalArgumentException("cannot read a " + dtype + " array as integers");
            };
        }
        return out;
    }

    public int[] asInts() {
        long[] l = asLongs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) out[i] = Math.toIntExact(l[i]);
        return out;
    }

    public boolean[] asBooleans() {
        requireKind("bool", "b1");
        boolean[] out = new boolean[size()];
        for (int i = 0; i < out.length; i++) out[i] = data[i] != 0;
        return out;
    }

    /** uint8 / int8 / bool contents as bytes (not a copy for u1). */
    public byte[] asBytes() {
        requireKind("bytes", "u1", "i1", "b1");
        return data;
    }

    public String[] asStrings() {
        char kind = dtype.charAt(0);
        if (kind != 'U' && kind != 'S') throw new IllegalArgumentException("cannot read a " + dtype + " array as strings");
        int chars = Integer.parseInt(dtype.substring(1));
        int n = size();
        String[] out = new String[n];
        ByteBuffer b = buf();
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < chars; c++) {
                int cp = kind == 'U' ? b.getInt((i * chars + c) * 4) : Byte.toUnsignedInt(b.get(i * chars + c));
                if (cp == 0) break;
                sb.appendCodePoint(cp);
            }
            out[i] = sb.toString();
        }
        return out;
    }

    /** The single value of a 0-d or 1-element array, as a double. */
    public double scalar() {
        if (size() != 1) throw new IllegalArgumentException("not a scalar: shape " + Arrays.toString(shape));
        return asDoubles()[0];
    }

    // ---- factories (copies) ---------------------------------------------------------------------

    public static NpyArray ofFloats(float[] v, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return new NpyArray("f4", shape, b.array());
    }

    public static NpyArray ofDoubles(double[] v, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(v);
        return new NpyArray("f8", shape, b.array());
    }

    public static NpyArray ofLongs(long[] v, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(v);
        return new NpyArray("i8", shape, b.array());
    }

    public static NpyArray ofInts(int[] v, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(v);
        return new NpyArray("i4", shape, b.array());
    }

    public static NpyArray ofUint8(byte[] v, int... shape) {
        return new NpyArray("u1", shape, v.clone());
    }

    public static NpyArray ofBooleans(boolean[] v, int... shape) {
        byte[] d = new byte[v.length];
        for (int i = 0; i < v.length; i++) d[i] = (byte) (v[i] ? 1 : 0);
        return new NpyArray("b1", shape, d);
    }

    public static NpyArray ofStrings(String[] v, int... shape) {
        int chars = 1;
        for (String s : v) chars = Math.max(chars, s.codePointCount(0, s.length()));
        ByteBuffer b = ByteBuffer.allocate(4 * chars * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; i++) {
            int[] cps = v[i].codePoints().toArray();
            for (int c = 0; c < cps.length; c++) b.putInt((i * chars + c) * 4, cps[c]);
        }
        return new NpyArray("U" + chars, shape, b.array());
    }

    /** A 0-d float64 array. */
    public static NpyArray scalarOf(double v) { return ofDoubles(new double[] {v}); }

    /** A 0-d int64 array. */
    public static NpyArray scalarOf(long v) { return ofLongs(new long[] {v}); }

    @Override
    public String toString() {
        return "NpyArray(" + dtype + ", " + Arrays.toString(shape) + ")";
    }

    static String describe(String dtype) {
        char k = dtype.charAt(0);
        return (k == 'b' || k == 'S' || dtype.equals("u1") || dtype.equals("i1") ? "|" : "<") + dtype;
    }

    static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
