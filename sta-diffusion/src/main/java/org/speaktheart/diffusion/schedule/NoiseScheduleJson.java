package org.speaktheart.diffusion.schedule;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.speaktheart.diffusion.DiffusionArgumentException;

/**
 * Reads and writes a {@link NoiseSchedule} as versioned JSON.
 *
 * <p>Format {@code sta-noise-schedule} version 1:
 * <pre>{"format": "sta-noise-schedule", "version": 1, "name": "...", "codebookSize": K, "steps": T,
 *  "alphaBar": [t = 1..T], "gammaBar": [t = 1..T]}</pre>
 * Values at t = 0 (1 and 0) are implied. Doubles are written in their shortest exact form, so a round
 * trip is bit-exact.
 */
public final class NoiseScheduleJson {

    /** The format tag written in every document. */
    public static final String FORMAT = "sta-noise-schedule";
    /** The only version this code reads and writes. */
    public static final int VERSION = 1;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private NoiseScheduleJson() {
    }

    /** The JSON text of a schedule. */
    public static String toJson(NoiseSchedule schedule) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        o.addProperty("name", schedule.name());
        o.addProperty("codebookSize", schedule.codebookSize());
        o.addProperty("steps", schedule.steps());
        o.add("alphaBar", tail(schedule.alphaBar()));
        o.add("gammaBar", tail(schedule.gammaBar()));
        return GSON.toJson(o);
    }

    /**
     * Parses a schedule.
     *
     * @throws DiffusionArgumentException on malformed JSON, a wrong format tag, an unknown version,
     *                                    missing fields or values that fail the schedule's validation
     */
    public static NoiseSchedule fromJson(String json) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw new DiffusionArgumentException("noise schedule JSON must be an object, got " + e);
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new DiffusionArgumentException("noise schedule JSON is malformed: " + e.getMessage(), e);
        }
        String format = string(o, "format");
        if (!FORMAT.equals(format)) {
            throw new DiffusionArgumentException("format must be \"" + FORMAT + "\", got \"" + format + "\"");
        }
        int version = integer(o, "version");
        if (version != VERSION) {
            throw new DiffusionArgumentException("unknown noise schedule version " + version + "; this code reads version "
                    + VERSION);
        }
        int steps = integer(o, "steps");
        double[] a = withIdentity(array(o, "alphaBar"), 1.0);
        double[] g = withIdentity(array(o, "gammaBar"), 0.0);
        if (a.length != steps + 1 || g.length != steps + 1) {
            throw new DiffusionArgumentException("alphaBar and gammaBar must hold steps = " + steps + " values, got "
                    + (a.length - 1) + " and " + (g.length - 1));
        }
        return new NoiseSchedule(string(o, "name"), integer(o, "codebookSize"), a, g);
    }

    /** Writes the schedule atomically (temporary file in the same directory, then an atomic move). */
    public static void write(NoiseSchedule schedule, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                Files.writeString(tmp, toJson(schedule), StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write noise schedule to " + file, e);
        }
    }

    /** Reads a schedule written by {@link #write}. */
    public static NoiseSchedule read(Path file) {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read noise schedule from " + file, e);
        }
    }

    private static JsonArray tail(double[] values) {
        JsonArray arr = new JsonArray();
        for (int t = 1; t < values.length; t++) {
            arr.add(values[t]);
        }
        return arr;
    }

    private static double[] withIdentity(double[] tail, double first) {
        double[] out = new double[tail.length + 1];
        out[0] = first;
        System.arraycopy(tail, 0, out, 1, tail.length);
        return out;
    }

    private static JsonElement field(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new DiffusionArgumentException("noise schedule JSON lacks the field \"" + key + "\"");
        }
        return e;
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = field(o, key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new DiffusionArgumentException("field \"" + key + "\" must be a string, got " + e);
        }
        return e.getAsString();
    }

    private static int integer(JsonObject o, String key) {
        JsonElement e = field(o, key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new DiffusionArgumentException("field \"" + key + "\" must be an integer, got " + e);
        }
        double d = e.getAsDouble();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new DiffusionArgumentException("field \"" + key + "\" must be an integer, got " + e);
        }
        return (int) d;
    }

    private static double[] array(JsonObject o, String key) {
        JsonElement e = field(o, key);
        if (!e.isJsonArray()) {
            throw new DiffusionArgumentException("field \"" + key + "\" must be an array of numbers, got " + e);
        }
        JsonArray arr = e.getAsJsonArray();
        double[] out = new double[arr.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement v = arr.get(i);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                throw new DiffusionArgumentException("field \"" + key + "\"[" + i + "] must be a number, got " + v);
            }
            out[i] = v.getAsDouble();
        }
        return out;
    }
}
