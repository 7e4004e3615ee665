package org.speaktheart.teacher;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The (image, caption) view of a spoken-caption manifest (JSON lines, one record per utterance,
 * as written by sta-data): only the fields the teacher needs. Paths resolve against the manifest's
 * directory. Fields read: {@code id}, {@code imagePath}, {@code conceptId}, {@code caption},
 * {@code language}, {@code split}, and {@code attributes.style} (empty when absent).
 */
public final class CaptionedImageManifest {
    private CaptionedImageManifest() {
    }

    /**
     * One record.
     *
     * @param id record id
     * @param image absolute image path
     * @param conceptId concept the picture shows
     * @param caption the caption text
     * @param language caption language code
     * @param split train, val or test
     * @param style art style of the picture (may be empty)
     */
    public record Entry(String id, Path image, String conceptId, String caption, String language, String split, String style) {
    }

    /**
     * Reads every record.
     *
     * @throws TeacherLoadException when the file cannot be read or a line lacks a field (the line number is given)
     */
    public static List<Entry> read(Path manifest) {
        Path base = manifest.toAbsolutePath().getParent();
        List<Entry> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                    JsonObject attributes = o.has("attributes") ? o.getAsJsonObject("attributes") : new JsonObject();
                    out.add(new Entry(field(o, "id"), base.resolve(field(o, "imagePath")), field(o, "conceptId"), field(o, "caption"),
                            field(o, "language"), field(o, "split"),
                            attributes.has("style") ? attributes.get("style").getAsString() : ""));
                } catch (JsonParseException | IllegalStateException | TeacherLoadException e) {
                    throw new TeacherLoadException(manifest + " line " + number + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new TeacherLoadException("cannot read manifest " + manifest + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static String field(JsonObject o, String name) {
        if (!o.has(name) || o.get(name).isJsonNull()) {
            throw new TeacherLoadException("missing field '" + name + "'");
        }
        return o.get(name).getAsString();
    }
}
