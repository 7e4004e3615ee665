package org.speaktheart.encoder.langid;

import java.util.Map;

/**
 * The outcome of identifying one clip's language.
 *
 * @param language the most probable language code
 * @param probability its softmax probability, in (0, 1]
 * @param probabilities every language's probability (they sum to 1), in the identifier's language order
 */
public record LanguageGuess(String language, double probability, Map<String, Double> probabilities) {

    public LanguageGuess {
        probabilities = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(probabilities));
    }
}
