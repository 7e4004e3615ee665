package org.speaktheart.pipeline.bundle;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.core.io.Sha256;

/**
 * Assembles a model bundle directory: copies the component files, hashes them and writes
 * {@code bundle.json}. The bundle is built in a temporary sibling directory and renamed into place
 * at the end, so a reader never sees half a bundle; an existing bundle at the target is replaced
 * only once the new one is complete.
 */
public final class BundleWriter {
    private final String name;
    private final String version;
    private final List<String> languages = new ArrayList<>();
    private final Map<String, Path> components = new LinkedHashMap<>();
    private final Map<String, String> fileNames = new HashMap<>();
    private final Map<String, JsonObject> settings = new TreeMap<>();
    private final Map<String, String> provenance = new TreeMap<>();
    private final Map<String, Double> figures = new TreeMap<>();

    /**
     * @param name bundle name
     * @param version bundle version
     */
    public BundleWriter(String name, String version) {
        this.name = name;
        this.version = version;
    }

    /** Adds a language the bundle serves. */
    public BundleWriter language(String code) {
        languages.add(code);
        return this;
    }

    /** Adds a component file in a role; it is stored under its own file name. */
    public BundleWriter component(String role, Path file) {
        return component(role, file, file.getFileName().toString());
    }

    /** Adds a component file in a role, stored under {@code fileName}. */
    public BundleWriter component(String role, Path file, String fileName) {
        components.put(role, file);
        fileNames.put(role, fileName);
        return this;
    }

    /** Adds a settings object. */
    public BundleWriter settings(String settingsName, JsonObject value) {
        settings.put(settingsName, value);
        return this;
    }

    /** Adds a provenance entry. */
    public BundleWriter provenance(String key, String value) {
        provenance.put(key, value);
        return this;
    }

    /** Adds an evaluation figure. */
    public BundleWriter figure(String key, double value) {
        figures.put(key, value);
        return this;
    }

    /**
     * Writes the bundle to {@code target}.
     *
     * @return the manifest written
     * @throws BundleException when a component cannot be read or the bundle cannot be written
     */
    public BundleManifest write(Path target) {
        Path absolute = target.toAbsolutePath();
        Path staging = null;
        try {
            Files.createDirectories(absolute.getParent());
            staging = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + "-");
            Map<String, BundleComponent> entries = new TreeMap<>();
            Map<String, String> roleOfFile = new HashMap<>();
            roleOfFile.put(ModelBundle.MANIFEST_FILE, "the manifest");
            for (Map.Entry<String, Path> c : components.entrySet()) {
                String fileName = fileNames.get(c.getKey());
                String other = roleOfFile.putIfAbsent(fileName, "component '" + c.getKey() + "'");
                if (other != null) {
                    throw new BundleException("cannot write bundle " + absolute + ": component '" + c.getKey() + "' and " + other
                            + " would both be stored as " + fileName + "; give the file another name");
                }
                byte[] bytes = Files.readAllBytes(c.getValue());
                Files.write(staging.resolve(fileName), bytes);
                entries.put(c.getKey(), new BundleComponent(fileName, Sha256.hex(bytes), bytes.length));
            }
            BundleManifest manifest = new BundleManifest(ModelBundle.FORMAT, ModelBundle.FORMAT_VERSION, name, version,
                    languages, entries, settings, provenance, figures);
            AtomicFiles.write(staging.resolve(ModelBundle.MANIFEST_FILE),
                    ModelBundle.GSON.toJson(manifest).getBytes(StandardCharsets.UTF_8));
            Path old = null;
            if (Files.exists(absolute)) {
                old = absolute.resolveSibling("." + absolute.getFileName() + "-old-" + System.nanoTime());
                Files.move(absolute, old);
            }
            AtomicFiles.moveAtomically(staging, absolute);
            staging = null;
            ModelBundle.deleteTree(old);
            return manifest;
        } catch (IOException e) {
            throw new BundleException("cannot write bundle " + absolute + ": " + e.getMessage(), e);
        } finally {
            ModelBundle.deleteTree(staging);
        }
    }
}
