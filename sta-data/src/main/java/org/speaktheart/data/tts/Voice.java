package org.speaktheart.data.tts;

import java.util.Objects;

/**
 * One speaker of one engine.
 *
 * @param engine the engine
 * @param name the engine's own voice name (espeak-ng voice such as {@code en-gb-scotland+f2}, mbrola
 *     database such as {@code us1}, pico language such as {@code en-GB}, flite voice such as
 *     {@code slt}, festival voice such as {@code kal_diphone})
 * @param language BCP-47 language, {@code en}, {@code ar} or {@code fr}
 */
public record Voice(Engine engine, String name, String language) {
    /** Rejects nulls and blanks. */
    public Voice {
        Objects.requireNonNull(engine, "engine");
        if (name == null || name.isBlank() || language == null || language.isBlank()) {
            throw new SynthesisException("voice name and language are required, got name=" + name + ", language=" + language);
        }
    }

    /**
     * Reads a voice id as stored in manifests.
     *
     * @param id {@code engine/name}, e.g. {@code festival/rab_diphone}
     * @param language the language the voice is to speak
     * @return the voice
     * @throws SynthesisException when the id has no {@code /} or names an unknown engine
     */
    public static Voice parse(String id, String language) {
        int slash = id == null ? -1 : id.indexOf('/');
        if (slash <= 0 || slash == id.length() - 1) {
            throw new SynthesisException("a voice id is engine/name, e.g. festival/rab_diphone, got '" + id + "'");
        }
        return new Voice(Engine.fromKey(id.substring(0, slash)), id.substring(slash + 1), language);
    }

    /** @return the stable id stored in manifests, e.g. {@code espeak-ng/en-us+f2} */
    public String id() {
        return engine.key() + "/" + name;
    }

    /** @return {@link #id()} with characters unsafe in file names replaced by {@code _} */
    public String fileSafeId() {
        return id().replaceAll("[^A-Za-z0-9.-]", "_");
    }
}
