package org.speaktheart.encoder.inference;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.encoder.EncoderConfigException;
import org.speaktheart.encoder.EncoderInputException;

/**
 * Maps a language code to the exported encoder that serves it, so a pipeline can pick one. Paths
 * are stored relative to the registry file's directory. File format (JSON, version 1):
 * {@code {"format":"sta-encoder-registry","version":1,"encoders":{"en":"bilingual.onnx",...}}}.
 */
public final class EncoderRegistry {
    /** Format name. */
    public static final String FORMAT = "sta-encoder-registry";
    /** Format version. */
    public static final int VERSION = 1;
    private static final Gson GSON = new Gson();

    private final Path directory;
    private final Map<String, String> encoders = new TreeMap<>();

    /** An empty registry whose relative paths resolve against {@code directory}. */
    public EncoderRegistry(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** Registers {@code model} (inside the registry directory) for a language, replacing any earlier one. */
    public EncoderRegistry register(String language, Path model) {
        if (language == null || !language.matches("[a-z]{2,3}(-[A-Za-z0-9]+)*")) {
            throw new EncoderInputException("language code '" + language + "' is not accepted (e.g. en, ar, fr, pt-BR)");
        }
        Path abs = model.toAbsolutePath().normalize();
        if (!abs.startsWith(directory)) {
            throw new EncoderInputException("model " + abs + " must lie inside the registry directory " + directory);
        }
        encoders.put(language, directory.relativize(abs).toString().replace('\\', '/'));
        return this;
    }

    /** The registered languages and relative model paths. */
    public Map<String, String> entries() {
        return Map.copyOf(encoders);
    }

    /** The model file for a language. */
    public Path modelFor(String language) {
        String rel = encoders.get(language);
        if (rel == null) {
            throw new EncoderInputException("no encoder registered for language '" + language + "'; registered: "
                    + encoders.keySet());
        }
        return directory.resolve(rel);
    }

    /** Loads the log-mel encoder registered for a language. */
    public SpeechEncoder open(String language, RuntimeConfig runtime) {
        return SpeechEncoder.load(modelFor(language), runtime);
    }

    /** Writes the registry atomically. */
    public void save(Path file) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        o.add("encoders", GSON.toJsonTree(encoders));
        AtomicFiles.write(file, GSON.toJson(o).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a registry file; paths resolve against its directory. */
    public static EncoderRegistry load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EncoderInputException("cannot read encoder registry " + file + ": " + e.getMessage());
        }
        JsonObject o;
        try {
            o = JsonParser.parseString(text).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new EncoderConfigException("encoder registry " + file + " is not a JSON object: " + e.getMessage());
        }
        if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString())) {
            throw new EncoderConfigException("encoder registry " + file + " has format " + o.get("format") + ", expected "
                    + FORMAT);
        }
        if (!o.has("version") || o.get("version").getAsInt() != VERSION) {
            throw new EncoderConfigException("encoder registry " + file + " has version " + o.get("version")
                    + "; accepted: " + VERSION);
        }
        EncoderRegistry r = new EncoderRegistry(file.toAbsolutePath().getParent());
        for (Map.Entry<String, com.google.gson.JsonElement> e : o.getAsJsonObject("encoders").entrySet()) {
            r.register(e.getKey(), r.directory.resolve(e.getValue().getAsString()));
        }
        return r;
    }
}
