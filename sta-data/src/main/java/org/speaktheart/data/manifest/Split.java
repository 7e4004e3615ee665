package org.speaktheart.data.manifest;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The explicit dataset splits. Serialised in manifests as the lower-case name. */
public enum Split {
    /** Training data. */
    TRAIN,
    /** Validation data (model selection). */
    VAL,
    /** Held-out test data. */
    TEST;

    /** @return the manifest spelling: {@code train}, {@code val} or {@code test} */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the manifest spelling.
     *
     * @param key {@code train}, {@code val} or {@code test}
     * @return the split
     * @throws ManifestException naming the accepted values when {@code key} is anything else
     */
    public static Split fromKey(String key) {
        for (Split s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new ManifestException(ManifestException.Kind.UNKNOWN_SPLIT, "unknown split '" + key + "'; accepted: "
                + Arrays.stream(values()).map(Split::key).collect(Collectors.joining(", ")));
    }
}
