// SPDX-License-Identifier: MIT
// What rollout and series files share: the checks that turn a malformed array into a message naming
// the file, and a folder reader that skips unreadable files with a warning and refuses an empty folder.
package org.worldmodels.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.worldmodels.log.Log;

/** Folder listing, reading and validation helpers for the per-episode files {@code ep_000000.npz ...}. */
public final class EpisodeFiles {
    private EpisodeFiles() {}

    /** A file that was read but whose arrays are wrong (shape, dtype, NaN): an error, never skipped. */
    public static final class InvalidFileException extends IOException {
        public InvalidFileException(String message) { super(message); }
    }

    /** Reads one file of a folder. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Path file) throws IOException;
    }

    /** {@code ep_000000.npz}: the name for episode {@code index}. */
    public static String fileName(int index) { return String.format("ep_%06d.npz", index); }

    /** The {@code ep_*.npz} files of {@code dir}, sorted by name; {@code what} ("series", "rollouts") names the folder in errors. */
    public static List<Path> list(Path dir, String what) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(what + " folder " + dir + " does not exist");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("ep_") && n.endsWith(".npz") && Files.isRegularFile(p);
            }).sorted().toList();
        }
        if (files.isEmpty()) throw new IOException(what + " folder " + dir + " is empty (no ep_*.npz files)");
        return files;
    }

    /**
     * Reads every {@code ep_*.npz} of {@code dir}. A file that cannot be read (truncated, not a zip:
     * e.g. a crash while it was copied) is skipped with a warning naming it; a file that reads but
     * holds wrong arrays stops everything with {@link InvalidFileException}; no readable file at all is
     * an error too.
     */
    public static <T> List<T> readAll(Path dir, String what, Reader<T> reader) throws IOException {
        List<Path> files = list(dir, what);
        List<T> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path f : files) {
            try {
                out.add(reader.read(f));
            } catch (InvalidFileException e) {
                throw e;
            } catch (IOException e) {
                skipped.add(f.getFileName().toString());
                Log.warn("skipping unreadable " + what + " file " + f + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no readable " + what + " files in " + dir + " (" + skipped.size() + " skipped: "
                    + String.join(", ", skipped.subList(0, Math.min(5, skipped.size()))) + (skipped.size() > 5 ? ", ..." : "") + ")");
        }
        return out;
    }

    // ---- validation ---------------------------------------------------------------------------------

    /** The array {@code key}, or an error naming the file and the arrays it does have. */
    static NpyArray require(String label, Map<String, NpyArray> arrays, String key) throws InvalidFileException {
        NpyArray a = arrays.get(key);
        if (a == null) throw new InvalidFileException(label + ": missing array '" + key + "' (has " + arrays.keySet() + ")");
        return a;
    }

    /** Checks a float array's rank and trailing dims (-1 = any) and returns its length T (first dim). */
    static int requireShape(String label, String key, NpyArray a, int... dims) throws InvalidFileException {
        int[] s = a.shape();
        if (s.length != dims.length) {
            throw new InvalidFileException(label + ": " + key + " has shape " + Arrays.toString(s) + ", expected " + dims.length + " dimension"
                    + (dims.length == 1 ? "" : "s") + " " + describe(dims));
        }
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] >= 0 && s[i] != dims[i]) {
                String part = i == dims.length - 1 ? "width" : "dimension " + i;
                throw new InvalidFileException(label + ": " + key + " has " + part + " " + s[i] + ", expected " + dims[i]);
            }
        }
        return s.length == 0 ? 1 : s[0];
    }

    static void requireDtype(String label, String key, NpyArray a, String... allowed) throws InvalidFileException {
        for (String d : allowed) if (d.equals(a.dtype())) return;
        throw new InvalidFileException(label + ": " + key + " is " + a.dtype() + ", expected " + String.join(" or ", allowed));
    }

    static void requireRows(String label, String key, int rows, String refKey, int refRows) throws InvalidFileException {
        if (rows != refRows) throw new InvalidFileException(label + ": " + key + " has " + rows + " rows, " + refKey + " has " + refRows);
    }

    /** Fails at the first NaN or infinity, naming its index as [t][j] (width > 1) or [t]. */
    static void requireFinite(String label, String key, float[] v, int width) throws InvalidFileException {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                String at = width > 1 ? "[" + i / width + "][" + i % width + "]" : "[" + i + "]";
                throw new InvalidFileException(label + ": " + key + at + " is " + v[i] + " (non-finite values are not allowed)");
            }
        }
    }

    static long requireIntegerScalar(String label, String key, NpyArray a) throws InvalidFileException {
        if (a.size() != 1 || !(a.dtype().startsWith("i") || a.dtype().startsWith("u"))) {
            throw new InvalidFileException(label + ": " + key + " must be one integer, found " + a.dtype() + " " + Arrays.toString(a.shape()));
        }
        return a.asLongs()[0];
    }

    private static String describe(int[] dims) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) b.append(i == 0 ? "" : ",").append(i == 0 ? "T" : dims[i] < 0 ? "?" : String.valueOf(dims[i]));
        return b.append(dims.length == 1 ? ",)" : ")").toString();
    }
}
