// SPDX-License-Identifier: MIT
// All parameters of a model in one flat buffer (and one for their gradients), with named views, so
// that the optimiser is one loop and a checkpoint is one pass over the names.
package org.worldmodels.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One flat float32 buffer of parameters plus one of gradients, cut into named, shaped views
 * ({@link Param}) in registration order. Names and shapes follow the PyTorch twin
 * ({@code c1.weight} (32,3,4,4), ...) so checkpoints map one to one.
 */
public final class ParamSet {
    /** A named view: elements [offset, offset + size) of the owner's buffers, row-major in shape. */
    public static final class Param {
        private final String name;
        private final int[] shape;
        private final int offset;
        private final int size;
        private ParamSet owner;

        private Param(String name, int[] shape, int offset) {
            this.name = name;
            this.shape = shape.clone();
            this.offset = offset;
            int n = 1;
            for (int s : shape) n = Math.multiplyExact(n, s);
            this.size = n;
        }

        public String name() { return name; }
        public int[] shape() { return shape.clone(); }
        public int offset() { return offset; }
        public int size() { return size; }
        /** The whole parameter buffer of the owning set (address this view from {@link #offset()}). */
        public float[] data() { return owner.data; }
        /** The whole gradient buffer of the owning set. */
        public float[] grad() { return owner.grad; }

        @Override
        public String toString() { return name + Arrays.toString(shape); }
    }

    /** Collects parameter declarations; {@link #build()} allocates the buffers. */
    public static final class Builder {
        private final List<Param> params = new ArrayList<>();
        private int total;

        public Param add(String name, int... shape) {
            for (Param p : params) if (p.name.equals(name)) throw new IllegalArgumentException("duplicate parameter " + name);
            Param p = new Param(name, shape, total);
            total = Math.addExact(total, p.size);
            params.add(p);
            return p;
        }

        public ParamSet build() { return new ParamSet(params, total); }
    }

    public final float[] data;
    public final float[] grad;
    private final Map<String, Param> byName = new LinkedHashMap<>();

    private ParamSet(List<Param> params, int total) {
        this.data = new float[total];
        this.grad = new float[total];
        for (Param p : params) {
            if (p.owner != null) throw new IllegalStateException("parameter " + p.name + " already belongs to a set");
            p.owner = this;
            byName.put(p.name, p);
        }
    }

    public static Builder builder() { return new Builder(); }

    /** Total number of parameters. */
    public int size() { return data.length; }

    public Param get(String name) {
        Param p = byName.get(name);
        if (p == null) throw new IllegalArgumentException("no parameter named " + name + " (have " + byName.keySet() + ")");
        return p;
    }

    /** All views in registration order. */
    public List<Param> all() { return Collections.unmodifiableList(new ArrayList<>(byName.values())); }

    public void zeroGrad() { Arrays.fill(grad, 0f); }
}
