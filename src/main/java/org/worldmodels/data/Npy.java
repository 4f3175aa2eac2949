// SPDX-License-Identifier: MIT
// NumPy's .npy and .npz formats, read and written by hand (the header is one short Python dict).
// Writes are atomic: a temporary file beside the target, then a rename.
package org.worldmodels.data;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes {@code .npy} arrays and {@code .npz} archives (a zip of {@code name.npy} entries),
 * so that NumPy's {@code np.load} reads our files and we read NumPy's.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    // ---- .npy -----------------------------------------------------------------------------------

    /** Reads one array from a .npy stream; {@code what} names it in error messages. */
    public static NpyArray read(InputStream in, String what) throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] magic = new byte[6];
        try {
            d.readFully(magic);
            for (int i = 0; i < 6; i++) if (magic[i] != MAGIC[i]) throw new IOException(what + ": not a .npy array (bad magic)");
            int major = d.readUnsignedByte();
            d.readUnsignedByte();
            int headerLen;
            if (major == 1) headerLen = Short.toUnsignedInt(Short.reverseBytes(d.readShort()));
            else if (major == 2 || major == 3) headerLen = Integer.reverseBytes(d.readInt());
            else throw new IOException(what + ": unsupported .npy version " + major);
            byte[] hb = new byte[headerLen];
            d.readFully(hb);
            String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Matcher m = DESCR.matcher(header);
            if (!m.find()) throw new IOException(what + ": unsupported dtype in header " + header.trim());
            String order = m.group(1);
            String dtype = m.group(2) + m.group(3);
            if (order.equals(">") && NpyArray.itemSize(dtype) > 1) throw new IOException(what + ": big-endian arrays are not supported");
            if (!dtype.matches("f4|f8|i1|i2|i4|i8|u1|u2|u4|u8|b1|U\\d+|S\\d+")) {
                throw new IOException(what + ": unsupported dtype " + order + dtype);
            }
            Matcher f = FORTRAN.matcher(header);
            if (f.find() && f.group(1).equals("True")) throw new IOException(what + ": Fortran-order arrays are not supported");
            Matcher s = SHAPE.matcher(header);
            if (!s.find()) throw new IOException(what + ": no shape in header " + header.trim());
            List<Integer> dims = new ArrayList<>();
            for (String p : s.group(1).split(",")) if (!p.isBlank()) dims.add(Integer.parseInt(p.trim()));
            int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
            long n = NpyArray.itemSize(dtype);
            for (int x : shape) n *= x;
            if (n > Integer.MAX_VALUE - 16) throw new IOException(what + ": array too large");
            byte[] data = new byte[(int) n];
            d.readFully(data);
            return new NpyArray(dtype, shape, data);
        } catch (EOFException e) {
            throw new IOException(what + ": truncated .npy data", e);
        }
    }

    /** Writes one array in .npy format (version 1.0, header padded to 64 bytes). */
    public static void write(OutputStream out, NpyArray a) throws IOException {
        StringBuilder dims = new StringBuilder();
        int[] shape = a.shape();
        for (int x : shape) dims.append(x).append(", ");
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)"
                : "(" + (dims.length() > 0 ? dims.substring(0, dims.length() - 2) : "") + ")";
        String dict = "{'descr': '" + NpyArray.describe(a.dtype()) + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int total = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        int hl = header.length();
        out.write(hl & 0xff);
        out.write((hl >>> 8) & 0xff);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        out.write(a.rawBytes());
    }

    public static NpyArray readNpy(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(new java.io.BufferedInputStream(in), file.toString());
        }
    }

    public static void writeNpy(Path file, NpyArray a) throws IOException {
        AtomicFiles.write(file, out -> write(out, a));
    }

    // ---- .npz -----------------------------------------------------------------------------------

    /**
     * Reads every array of an .npz archive (stored or deflated), in file order.
     * A truncated or corrupt archive is an IOException naming the file.
     */
    public static Map<String, NpyArray> readNpz(Path file) throws IOException {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        try (ZipInputStream zin = new ZipInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                String name = e.getName();
                if (!name.endsWith(".npy")) continue;
                String key = name.substring(0, name.length() - 4);
                out.put(key, read(zin, file + ":" + key));
            }
        } catch (ZipException | EOFException e) {
            throw new IOException(file + ": corrupt or truncated .npz (" + e.getMessage() + ")", e);
        }
        if (out.isEmpty()) throw new IOException(file + ": not an .npz archive (no arrays found)");
        return out;
    }

    /** Writes arrays to an .npz archive atomically; {@code compressed} deflates (np.savez_compressed). */
    public static void writeNpz(Path file, Map<String, NpyArray> arrays, boolean compressed) throws IOException {
        AtomicFiles.write(file, out -> {
            ZipOutputStream z = new ZipOutputStream(out);
            z.setLevel(compressed ? 6 : 0);
            for (Map.Entry<String, NpyArray> en : arrays.entrySet()) {
                ZipEntry ze = new ZipEntry(en.getKey() + ".npy");
                // A fixed entry time (the zip format's epoch) so that the same arrays give the same bytes.
                ze.setTimeLocal(java.time.LocalDateTime.of(1980, 1, 1, 0, 0));
                if (compressed) {
                    ze.setMethod(ZipEntry.DEFLATED);
                } else {
                    // STORED entries need their size and CRC up front.
                    ByteArrayOutputStream bo = new ByteArrayOutputStream();
                    write(bo, en.getValue());
                    byte[] bytes = bo.toByteArray();
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(bytes);
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(bytes.length);
                    ze.setCompressedSize(bytes.length);
                    ze.setCrc(crc.getValue());
                    z.putNextEntry(ze);
                    z.write(bytes);
                    z.closeEntry();
                    continue;
                }
                z.putNextEntry(ze);
                write(z, en.getValue());
                z.closeEntry();
            }
            z.finish();
        });
    }
}
