package org.speaktheart.data.manifest;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One utterance of a spoken-caption corpus: an image, the concept it shows, a caption of it in one
 * language, and (optionally) a recording of that caption by one voice.
 *
 * <p>Paths are relative to the manifest's directory and use {@code /} separators. {@code audioPath}
 * and {@code voice} may be {@code null} for image-and-text-only corpora. Attributes are free string
 * pairs (e.g. ground-truth {@code colour=red}); they are kept sorted by key so that serialisation
 * is deterministic.
 *
 * @param id unique id within the manifest
 * @param imagePath relative path of the image
 * @param conceptId id of the concept shown (e.g. an emoji code point or a shape description)
 * @param caption caption text in {@code language}
 * @param language BCP-47 language code, e.g. {@code en}, {@code ar}
 * @param voice voice / speaker id, or {@code null} without audio
 * @param audioPath relative path of the 16 kHz mono WAV, or {@code null} without audio
 * @param split train, val or test
 * @param attributes free attributes, sorted by key, unmodifiable
 */
public record ManifestRecord(String id, String imagePath, String conceptId, String caption, String language,
                             String voice, String audioPath, Split split, Map<String, String> attributes) {

    /** Checks required fields and freezes the attributes. */
    public ManifestRecord {
        requireText(id, "id", id);
        requireText(imagePath, "imagePath", id);
        requireText(conceptId, "conceptId", id);
        requireText(caption, "caption", id);
        requireText(language, "language", id);
        if (split == null) {
            throw new ManifestException(ManifestException.Kind.MALFORMED, "record '" + id + "': split is required (train, val or test)");
        }
        if ((voice == null) != (audioPath == null)) {
            throw new ManifestException(ManifestException.Kind.MALFORMED, "record '" + id
                    + "': voice and audioPath must be both set or both absent, got voice=" + voice + ", audioPath=" + audioPath);
        }
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes == null ? Map.of() : attributes));
    }

    private static void requireText(String value, String field, String id) {
        if (value == null || value.isBlank()) {
            throw new ManifestException(ManifestException.Kind.MALFORMED,
                    "record '" + id + "': field '" + field + "' is required and must not be blank, got " + (value == null ? "null" : "'" + value + "'"));
        }
    }

    /** @return whether this record has a recording */
    public boolean hasAudio() {
        return audioPath != null;
    }

    /** @return a builder starting empty */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this record's values */
    public Builder toBuilder() {
        Builder b = new Builder().id(id).imagePath(imagePath).conceptId(conceptId).caption(caption)
                .language(language).voice(voice).audioPath(audioPath).split(split);
        b.attributes.putAll(attributes);
        return b;
    }

    /** Builder for {@link ManifestRecord}; {@link #build()} validates. */
    public static final class Builder {
        private String id;
        private String imagePath;
        private String conceptId;
        private String caption;
        private String language;
        private String voice;
        private String audioPath;
        private Split split;
        private final Map<String, String> attributes = new TreeMap<>();

        private Builder() { }

        /** @param v unique id @return this */
        public Builder id(String v) { this.id = v; return this; }
        /** @param v image path relative to the manifest directory @return this */
        public Builder imagePath(String v) { this.imagePath = v; return this; }
        /** @param v concept id @return this */
        public Builder conceptId(String v) { this.conceptId = v; return this; }
        /** @param v caption text @return this */
        public Builder caption(String v) { this.caption = v; return this; }
        /** @param v language code @return this */
        public Builder language(String v) { this.language = v; return this; }
        /** @param v voice id or null @return this */
        public Builder voice(String v) { this.voice = v; return this; }
        /** @param v audio path relative to the manifest directory, or null @return this */
        public Builder audioPath(String v) { this.audioPath = v; return this; }
        /** @param v split @return this */
        public Builder split(Split v) { this.split = v; return this; }

        /**
         * @param key attribute name
         * @param value attribute value
         * @return this
         */
        public Builder attribute(String key, String value) {
            attributes.put(Objects.requireNonNull(key, "attribute key"), Objects.requireNonNull(value, "attribute value for " + key));
            return this;
        }

        /** @return the validated record */
        public ManifestRecord build() {
            return new ManifestRecord(id, imagePath, conceptId, caption, language, voice, audioPath, split, attributes);
        }
    }
}
