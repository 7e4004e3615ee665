package org.speaktheart.teacher;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.speaktheart.core.io.AtomicFiles;

/**
 * Embeddings of a dataset computed once and kept on disk, keyed by teacher identity
 * ({@link ImageTextTeacher#identity()}), kind ({@code text} or {@code image}, or any name) and item
 * key (the text itself, or an image's manifest id).
 *
 * <p>One file per (identity, kind): {@code <dir>/<first 32 hex of SHA-256(identity + "\n" + kind)>.emb}.
 * Format version 1, big-endian: magic {@code "STAEMB"} (6 bytes), int version, string identity,
 * string kind, int dimension, int count, then per entry a string key and {@code dimension} floats;
 * finally the CRC-32 of everything before it as a long. Strings are an int byte length and UTF-8.
 * Writes are atomic (temporary file + atomic rename); a file of another version raises
 * {@link UnsupportedCacheVersionException}, a damaged one {@link TeacherLoadException}.
 *
 * <p>Thread-safe within one JVM (methods are synchronized); one process should own a directory.
 */
public final class EmbeddingCache {
    /** Current format version. */
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "STAEMB".getBytes(StandardCharsets.US_ASCII);
    /** Kind of text embeddings. */
    public static final String TEXT = "text";
    /** Kind of image embeddings. */
    public static final String IMAGE = "image";

    private final Path directory;

    /** A cache in a directory (created on the first write). */
    public EmbeddingCache(Path directory) {
        this.directory = directory;
    }

    /** The file holding one (identity, kind). */
    public Path file(String identity, String kind) {
        String h = Embeddings.sha256((identity + "\n" + kind).getBytes(StandardCharsets.UTF_8)).substring(0, 32);
        return directory.resolve(h + ".emb");
    }

    /** Text embeddings by the texts themselves; only texts not yet cached go to the teacher. */
    public float[][] texts(ImageTextTeacher teacher, List<String> texts) {
        return getOrCompute(teacher.identity(), TEXT, texts, teacher.dimension(),
                missing -> teacher.embedTexts(missing.stream().map(texts::get).toList()));
    }

    /**
     * Image embeddings by item key; images are loaded (by index into {@code keys}) only when missing.
     */
    public float[][] images(ImageTextTeacher teacher, List<String> keys, IntFunction<BufferedImage> loader) {
        return getOrCompute(teacher.identity(), IMAGE, keys, teacher.dimension(),
                missing -> teacher.embedImages(missing.stream().map(loader::apply).toList()));
    }

    /** What a missing-items computation receives and returns. */
    @FunctionalInterface
    public interface Compute {
        /** Embeddings of the given indices into the key list, in that order. */
        float[][] embed(List<Integer> missing);
    }

    /**
     * Returns the embeddings of {@code keys} in order, computing and storing the missing ones.
     *
     * @param dimension the expected embedding length
     */
    public synchronized float[][] getOrCompute(String identity, String kind, List<String> keys, int dimension, Compute compute) {
        Map<String, float[]> stored = read(identity, kind);
        if (!stored.isEmpty()) {
            int d = stored.values().iterator().next().length;
            if (d != dimension) {
                throw new TeacherLoadException(file(identity, kind) + " holds " + d + "-d vectors but " + dimension + " were asked for");
            }
        }
        List<Integer> missing = new ArrayList<>();
        List<String> missingKeys = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            if (!stored.containsKey(k) && !missingKeys.contains(k)) {
                missing.add(i);
                missingKeys.add(k);
            }
        }
        if (!missing.isEmpty()) {
            float[][] computed = compute.embed(missing);
            if (computed.length != missing.size()) {
                throw new TeacherInputException("computation returned " + computed.length + " vectors for " + missing.size() + " items");
            }
            for (int i = 0; i < computed.length; i++) {
                if (computed[i].length != dimension) {
                    throw new TeacherInputException("computed vector " + i + " has " + computed[i].length + " values; expected " + dimension);
                }
                stored.put(missingKeys.get(i), computed[i].clone());
            }
            write(identity, kind, dimension, stored);
        }
        float[][] out = new float[keys.size()][];
        for (int i = 0; i < keys.size(); i++) {
            out[i] = stored.get(keys.get(i)).clone();
        }
        return out;
    }

    /** Everything stored for (identity, kind), in insertion order; empty when nothing is stored. */
    public synchronized Map<String, float[]> read(String identity, String kind) {
        Path f = file(identity, kind);
        CRC32 crc = new CRC32();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(f))) {
            CheckedInputStream checked = new CheckedInputStream(raw, crc);
            DataInputStream in = new DataInputStream(checked);
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new TeacherLoadException(f + " is not an embedding cache file (bad magic)");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new UnsupportedCacheVersionException(f, version);
            }
            String id = readString(in);
            String k = readString(in);
            if (!id.equals(identity) || !k.equals(kind)) {
                throw new TeacherLoadException(f + " belongs to teacher '" + id + "' kind '" + k + "', not '" + identity + "' kind '"
                        + kind + "'");
            }
            int dim = in.readInt();
            int count = in.readInt();
            if (dim <= 0 || count < 0) {
                throw new TeacherLoadException(f + " declares dimension " + dim + " and count " + count);
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String key = readString(in);
                float[] v = new float[dim];
                for (int j = 0; j < dim; j++) {
                    v[j] = in.readFloat();
                }
                out.put(key, v);
            }
            long expected = crc.getValue();
            long found = new DataInputStream(raw).readLong();
            if (found != expected) {
                throw new TeacherLoadException(f + " is damaged: checksum " + Long.toHexString(found) + " != computed "
                        + Long.toHexString(expected));
            }
            return out;
        } catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        } catch (EOFException e) {
            throw new TeacherLoadException(f + " is truncated", e);
        } catch (IOException e) {
            throw new TeacherLoadException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the stored entries of (identity, kind), atomically. */
    public synchronized void write(String identity, String kind, int dimension, Map<String, float[]> entries) {
        Path f = file(identity, kind);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new TeacherLoadException("cannot create cache directory " + directory + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(f, os -> {
            CRC32 crc = new CRC32();
            BufferedOutputStream buffered = new BufferedOutputStream(os);
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(buffered, crc));
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            writeString(out, identity);
            writeString(out, kind);
            out.writeInt(dimension);
            out.writeInt(entries.size());
            for (Map.Entry<String, float[]> e : entries.entrySet()) {
                if (e.getValue().length != dimension) {
                    throw new TeacherInputException("entry '" + e.getKey() + "' has " + e.getValue().length + " values; expected " + dimension);
                }
                writeString(out, e.getKey());
                for (float v : e.getValue()) {
                    out.writeFloat(v);
                }
            }
            out.flush();
            new DataOutputStream(buffered).writeLong(crc.getValue());
            buffered.flush();
        });
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 24)) {
            throw new IOException("string length " + n + " out of range");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
