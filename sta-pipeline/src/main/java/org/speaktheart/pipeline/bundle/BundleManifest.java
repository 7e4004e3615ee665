package org.speaktheart.pipeline.bundle;

import com.google.gson.JsonObject;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code bundle.json} of a model bundle: what the bundle holds and how it was made. Everything
 * is data; loading a bundle never runs code from it.
 *
 * @param format always {@link ModelBundle#FORMAT}
 * @param formatVersion the layout version; readers refuse versions they do not know
 * @param name the bundle's name (e.g. {@code sta-emoji-tiny})
 * @param version the bundle's own version
 * @param languages language codes the speech encoder(s) were trained on
 * @param components files by role ({@link ModelBundle#SPEECH_ENCODER}, {@link ModelBundle#DENOISER},
 *     {@link ModelBundle#TOKEN_DECODER}, ...)
 * @param settings configuration the components need at run time (feature definition, noise
 *     schedule, default sampler settings), each a JSON object by name
 * @param provenance how the bundle was made: commands, data sets, seeds, code version
 * @param figures the evaluation figures it reached (name to value)
 */
public record BundleManifest(String format, int formatVersion, String name, String version, List<String> languages,
                             Map<String, BundleComponent> components, Map<String, JsonObject> settings,
                             Map<String, String> provenance, Map<String, Double> figures) {

    public BundleManifest {
        languages = languages == null ? List.of() : List.copyOf(languages);
        components = sorted(components);
        settings = sorted(settings);
        provenance = sorted(provenance);
        figures = sorted(figures);
    }

    /**
     * An unmodifiable copy in key order: {@code Map.copyOf} iterates in an order that changes from one JVM
     * run to the next, which would make two writes of the same bundle differ byte for byte.
     */
    private static <V> Map<String, V> sorted(Map<String, V> map) {
        if (map == null) {
            return Map.of();
        }
        for (Map.Entry<String, V> e : map.entrySet()) {
            Objects.requireNonNull(e.getKey(), "bundle manifest key");
            Objects.requireNonNull(e.getValue(), () -> "bundle manifest value of '" + e.getKey() + "'");
        }
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
