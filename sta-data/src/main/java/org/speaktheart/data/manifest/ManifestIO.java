package org.speaktheart.data.manifest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes manifests in the JSON-lines format: UTF-8, one JSON object per line, {@code \n}
 * line ends. Keys, in this order: {@code id, imagePath, conceptId, caption, language, voice,
 * audioPath, split, attributes}; {@code voice} and {@code audioPath} are omitted when absent;
 * {@code attributes} is an object of strings with keys sorted. Non-ASCII text (Arabic) is written
 * as UTF-8, not escaped.
 *
 * <p>The writer sorts records by id and writes through a temporary file in the same directory that
 * is atomically moved into place, so the same records always give the same bytes and a reader never
 * sees a half-written manifest.
 */
public final class ManifestIO {
    private static final List<String> KEYS = List.of("id", "imagePath", "conceptId", "caption", "language", "voice",
            "audioPath", "split", "attributes");

    private ManifestIO() { }

    /**
     * Reads a manifest file. Blank lines are skipped. No file-existence checks are made here: use
     * {@link ManifestValidator}.
     *
     * @param file the {@code .jsonl} file
     * @return the manifest
     * @throws ManifestException of kind MALFORMED (with the line number), UNKNOWN_SPLIT or IO
     */
    public static Manifest read(Path file) {
        List<ManifestRecord> records = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    records.add(parse(line));
                } catch (ManifestException e) {
                    throw new ManifestException(e.kind(), file + ":" + lineNo + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new ManifestException(ManifestException.Kind.IO, "cannot read manifest " + file + ": " + e.getMessage(), e);
        }
        return new Manifest(file, records);
    }

    /**
     * Parses one manifest line.
     *
     * @param line a JSON object
     * @return the record
     * @throws ManifestException when the line does not have the documented shape
     */
    public static ManifestRecord parse(String line) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(line);
            if (!e.isJsonObject()) {
                throw new ManifestException(ManifestException.Kind.MALFORMED, "expected a JSON object, got: " + abbreviate(line));
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ManifestException(ManifestException.Kind.MALFORMED, "not valid JSON: " + abbreviate(line), e);
        }
        for (String k : o.keySet()) {
            if (!KEYS.contains(k)) {
                throw new ManifestException(ManifestException.Kind.MALFORMED, "unknown key '" + k + "'; accepted: " + String.join(", ", KEYS));
            }
        }
        ManifestRecord.Builder b = ManifestRecord.builder()
                .id(str(o, "id")).imagePath(str(o, "imagePath")).conceptId(str(o, "conceptId"))
                .caption(str(o, "caption")).language(str(o, "language")).voice(str(o, "voice"))
                .audioPath(str(o, "audioPath"));
        String split = str(o, "split");
        if (split == null) {
            throw new ManifestException(ManifestException.Kind.MALFORMED, "record '" + str(o, "id") + "': split is required (train, val or test)");
        }
        b.split(Split.fromKey(split));
        if (o.has("attributes")) {
            JsonElement a = o.get("attributes");
            if (!a.isJsonObject()) {
                throw new ManifestException(ManifestException.Kind.MALFORMED, "'attributes' must be an object of strings, got " + a);
            }
            for (Map.Entry<String, JsonElement> en : a.getAsJsonObject().entrySet()) {
                JsonElement v = en.getValue();
                if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                    throw new ManifestException(ManifestException.Kind.MALFORMED,
                            "attribute '" + en.getKey() + "' must be a string, got " + v);
                }
                b.attribute(en.getKey(), v.getAsString());
            }
        }
        return b.build();
    }

    private static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new ManifestException(ManifestException.Kind.MALFORMED, "field '" + key + "' must be a string, got " + e);
        }
        return e.getAsString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /**
     * Formats one record as its manifest line (without line end).
     *
     * @param r the record
     * @return the JSON line
     */
    public static String format(ManifestRecord r) {
        StringWriter sw = new StringWriter();
        try (JsonWriter w = new JsonWriter(sw)) {
            w.setHtmlSafe(false);
            w.beginObject();
            w.name("id").value(r.id());
            w.name("imagePath").value(r.imagePath());
            w.name("conceptId").value(r.conceptId());
            w.name("caption").value(r.caption());
            w.name("language").value(r.language());
            if (r.voice() != null) {
                w.name("voice").value(r.voice());
                w.name("audioPath").value(r.audioPath());
            }
            w.name("split").value(r.split().key());
            w.name("attributes").beginObject();
            for (Map.Entry<String, String> e : r.attributes().entrySet()) {
                w.name(e.getKey()).value(e.getValue());
            }
            w.endObject();
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    /**
     * Writes records sorted by id, atomically.
     *
     * @param file destination {@code .jsonl} file; its directory is created if needed
     * @param records the records (any order)
     * @return the written manifest
     * @throws ManifestException of kind DUPLICATE_ID when two records share an id, IO on write failure
     */
    public static Manifest write(Path file, Collection<ManifestRecord> records) {
        List<ManifestRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing(ManifestRecord::id));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new ManifestException(ManifestException.Kind.DUPLICATE_ID,
                        "duplicate record id '" + sorted.get(i).id() + "'; ids must be unique");
            }
        }
        StringBuilder sb = new StringBuilder();
        for (ManifestRecord r : sorted) {
            sb.append(format(r)).append('\n');
        }
        writeAtomically(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        return new Manifest(file, sorted);
    }

    /**
     * Writes bytes to a file via a temporary file in the same directory and an atomic move.
     *
     * @param file destination
     * @param bytes content
     * @throws ManifestException of kind IO on failure
     */
    public static void writeAtomically(Path file, byte[] bytes) {
        Path abs = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(abs.getParent());
            tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new ManifestException(ManifestException.Kind.IO, "cannot write " + abs + ": " + e.getMessage(), e);
        }
    }
}
