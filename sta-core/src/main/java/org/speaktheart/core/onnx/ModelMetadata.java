package org.speaktheart.core.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an exported model says about itself, written into the ONNX {@code metadata_props} so the
 * provenance travels with the file: the network's name and version, its configuration as JSON,
 * and free properties such as the dataset, the teacher, the code version and training figures.
 *
 * @param name model name (e.g. {@code sta-vqvae-decoder})
 * @param version model format version (e.g. {@code 1})
 * @param configJson the network configuration as JSON ({@code "{}"} when there is none)
 * @param properties further provenance, in insertion order
 */
public record ModelMetadata(String name, String version, String configJson, Map<String, String> properties) {

    /** Metadata key under which the name is stored. */
    public static final String KEY_NAME = "sta.name";
    /** Metadata key under which the version is stored. */
    public static final String KEY_VERSION = "sta.version";
    /** Metadata key under which the configuration JSON is stored. */
    public static final String KEY_CONFIG = "sta.config";

    public ModelMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(configJson, "configJson");
        if (name.isBlank()) {
            throw new IllegalArgumentException("model name must not be blank");
        }
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        for (String key : properties.keySet()) {
            if (key.equals(KEY_NAME) || key.equals(KEY_VERSION) || key.equals(KEY_CONFIG)) {
                throw new IllegalArgumentException("property key " + key + " is reserved");
            }
        }
    }

    /** Metadata with a name and version only. */
    public static ModelMetadata of(String name, String version) {
        return new ModelMetadata(name, version, "{}", Map.of());
    }

    /** A copy with one more property. */
    public ModelMetadata with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(properties);
        copy.put(key, value);
        return new ModelMetadata(name, version, configJson, copy);
    }

    /** A copy with the given configuration JSON. */
    public ModelMetadata withConfig(String json) {
        return new ModelMetadata(name, version, json, properties);
    }

    /** All entries as they are written to {@code metadata_props}. */
    public Map<String, String> asProps() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(KEY_NAME, name);
        all.put(KEY_VERSION, version);
        all.put(KEY_CONFIG, configJson);
        all.putAll(properties);
        return all;
    }

    /** Reads metadata back from {@code metadata_props} entries. */
    public static ModelMetadata fromProps(Map<String, String> props) {
        Map<String, String> rest = new LinkedHashMap<>(props);
        String name = rest.remove(KEY_NAME);
        String version = rest.remove(KEY_VERSION);
        String config = rest.remove(KEY_CONFIG);
        if (name == null || version == null) {
            throw new IllegalArgumentException("not STA model metadata: missing " + (name == null ? KEY_NAME : KEY_VERSION));
        }
        return new ModelMetadata(name, version, config == null ? "{}" : config, rest);
    }
}
