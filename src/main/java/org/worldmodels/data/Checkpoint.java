// SPDX-License-Identifier: MIT
// Model checkpoints as .npz files that PyTorch's twin loads directly (np.load + load_state_dict), plus
// the optimiser's state in a second file beside it so the first stays a pure state_dict.
package org.worldmodels.data;

import org.worldmodels.tensor.ParamSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * File layout:
 * <ul>
 * <li>{@code <name>.npz}: one float32 (little-endian, C order) array per parameter, named and shaped as
 *     PyTorch's {@code state_dict()} ({@code c1.weight} (32,3,4,4), {@code d1.weight} (1024,128,5,5), ...),
 *     and nothing else, so {@code model.load_state_dict({k: torch.from_numpy(v) for k, v in np.load(f).items()})}
 *     accepts it with strict=True.</li>
 * <li>{@code <name>.optim.npz} (optional, {@link #optimizerPath}): Adam's state in PyTorch's names,
 *     {@code <param>.exp_avg} and {@code <param>.exp_avg_sq} shaped as the parameter, and {@code step} (int64).</li>
 * </ul>
 * Each file is written atomically (temporary name, then rename). Loading is strict: a missing array, a
 * misshaped one, one of another dtype, or an unexpected extra array is an error naming every mismatch,
 * and nothing is copied into the model unless the whole file matches.
 */
public final class Checkpoint {
    private Checkpoint() {}

    /** Adam's state as saved: first and second moments over the flat parameter buffer, and the step count. */
    public record OptimizerState(float[] firstMoment, float[] secondMoment, long step) {}

    /** {@code dir/vae.npz -> dir/vae.optim.npz}. */
    public static Path optimizerPath(Path modelFile) {
        String name = modelFile.getFileName().toString();
        String stem = name.endsWith(".npz") ? name.substring(0, name.length() - 4) : name;
        return modelFile.resolveSibling(stem + ".optim.npz");
    }

    // ---- parameters -------------------------------------------------------------------------------

    /** Writes every parameter as a float32 array named and shaped as in PyTorch's state_dict. */
    public static void save(Path file, ParamSet params) throws IOException {
        Npy.writeNpz(file, views(params, params.data, ""), false);
    }

    /** Reads {@code file} into {@code params.data}; strict (see the class comment). */
    public static void load(Path file, ParamSet params) throws IOException {
        Map<String, NpyArray> arrays = Npy.readNpz(file);
        check(file, arrays, params, List.of(""), List.of());
        copyIn(arrays, params, "", params.data);
    }

    // ---- optimiser state ----------------------------------------------------------------------------

    /** Writes Adam's moments (each over the flat buffer of {@code params}) and step count. */
    public static void saveOptimizer(Path file, ParamSet params, float[] firstMoment, float[] secondMoment, long step)
            throws IOException {
        if (firstMoment.length != params.size() || secondMoment.length != params.size()) {
            throw new IllegalArgumentException("optimiser state of " + firstMoment.length + "/" + secondMoment.length
                    + " values for a model of " + params.size() + " parameters");
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>(views(params, firstMoment, ".exp_avg"));
        arrays.putAll(views(params, secondMoment, ".exp_avg_sq"));
        arrays.put("step", NpyArray.scalarOf(step));
        Npy.writeNpz(file, arrays, false);
    }

    /** Reads the optimiser state saved by {@link #saveOptimizer}; strict as {@link #load}. */
    public static OptimizerState loadOptimizer(Path file, ParamSet params) throws IOException {
        Map<String, NpyArray> arrays = Npy.readNpz(file);
        check(file, arrays, params, List.of(".exp_avg", ".exp_avg_sq"), List.of("step"));
        float[] m = new float[params.size()], v = new float[params.size()];
        copyIn(arrays, params, ".exp_avg", m);
        copyIn(arrays, params, ".exp_avg_sq", v);
        NpyArray step = arrays.get("step");
        if (step.size() != 1 || !step.dtype().startsWith("i")) {
            throw new IOException(file + ": 'step' must be one integer, found " + step);
        }
        return new OptimizerState(m, v, step.asLongs()[0]);
    }

    // ---- shared --------------------------------------------------------------------------------------

    /** One float32 array per parameter, {@code name + suffix}, holding {@code flat[offset, offset+size)}. */
    private static Map<String, NpyArray> views(ParamSet params, float[] flat, String suffix) {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        for (ParamSet.Param p : params.all()) {
            out.put(p.name() + suffix, NpyArray.ofFloats(Arrays.copyOfRange(flat, p.offset(), p.offset() + p.size()), p.shape()));
        }
        return out;
    }

    /** Fails naming every missing, misshaped, non-float32 and unexpected array. */
    private static void check(Path file, Map<String, NpyArray> arrays, ParamSet params, List<String> suffixes,
                              List<String> extraKeys) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, int[]> expected = new LinkedHashMap<>();
        for (String suffix : suffixes) for (ParamSet.Param p : params.all()) expected.put(p.name() + suffix, p.shape());
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            NpyArray a = arrays.get(e.getKey());
            if (a == null) {
                problems.add("missing array '" + e.getKey() + "' " + shape(e.getValue()));
            } else if (!Arrays.equals(a.shape(), e.getValue())) {
                problems.add("array '" + e.getKey() + "' has shape " + shape(a.shape()) + ", the model expects " + shape(e.getValue()));
            } else if (!a.dtype().equals("f4")) {
                problems.add("array '" + e.getKey() + "' is " + a.dtype() + ", expected float32 (f4)");
            }
        }
        for (String extra : extraKeys) if (!arrays.containsKey(extra)) problems.add("missing array '" + extra + "'");
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            if (!expected.containsKey(e.getKey()) && !extraKeys.contains(e.getKey())) {
                problems.add("unexpected array '" + e.getKey() + "' " + shape(e.getValue().shape()) + " (not in this model)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException(file + " does not match the model (" + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + "): " + String.join("; ", problems));
        }
    }

    private static void copyIn(Map<String, NpyArray> arrays, ParamSet params, String suffix, float[] flat) {
        for (ParamSet.Param p : params.all()) {
            float[] v = arrays.get(p.name() + suffix).asFloats();
            System.arraycopy(v, 0, flat, p.offset(), p.size());
        }
    }

    private static String shape(int[] s) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) b.append(i == 0 ? "" : ",").append(s[i]);
        return b.append(s.length == 1 ? ",)" : ")").toString();
    }
}
