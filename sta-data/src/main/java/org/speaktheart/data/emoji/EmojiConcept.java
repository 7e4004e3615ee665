package org.speaktheart.data.emoji;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.speaktheart.data.DataException;

/**
 * One picture concept of the emoji corpus with its CLDR names and keywords per language.
 *
 * @param unified code points in upper-case hex joined by {@code -}, e.g. {@code 1F34E}
 * @param image base file name in the art packages, e.g. {@code 1f34e.png}
 * @param category emoji category, e.g. {@code Food & Drink}
 * @param subcategory emoji subcategory, e.g. {@code food-fruit}
 * @param sortOrder the Unicode emoji ordering
 * @param names CLDR short name ({@code tts}) per language code, e.g. {@code en -> red apple},
 *     {@code fr -> pomme rouge}; Arabic names are not vowel-marked
 * @param keywords CLDR keywords per language code, same keys as {@code names}
 */
public record EmojiConcept(String unified, String image, String category, String subcategory, int sortOrder,
                           Map<String, String> names, Map<String, List<String>> keywords) {
    /** Freezes the maps (sorted by language code) and checks that names and keywords cover the same languages. */
    public EmojiConcept {
        if (names == null || names.isEmpty() || keywords == null || !names.keySet().equals(keywords.keySet())) {
            throw new DataException("concept " + unified + ": names and keywords must cover the same non-empty set of languages, got names "
                    + (names == null ? null : names.keySet()) + ", keywords " + (keywords == null ? null : keywords.keySet()));
        }
        for (Map.Entry<String, String> e : names.entrySet()) {
            if (e.getValue() == null || e.getValue().isBlank()) {
                throw new DataException("concept " + unified + ": blank " + e.getKey() + " name");
            }
        }
        names = Collections.unmodifiableMap(new TreeMap<>(names));
        TreeMap<String, List<String>> k = new TreeMap<>();
        keywords.forEach((lang, list) -> k.put(lang, List.copyOf(list)));
        keywords = Collections.unmodifiableMap(k);
    }

    /** @return the emoji as a string */
    public String emoji() {
        StringBuilder sb = new StringBuilder();
        for (String cp : unified.split("-")) {
            sb.appendCodePoint(Integer.parseInt(cp, 16));
        }
        return sb.toString();
    }

    /** @return base name without extension, lower case, e.g. {@code 1f34e} */
    public String baseName() {
        return image.substring(0, image.lastIndexOf('.'));
    }

    /**
     * @param language a language code held by this concept, e.g. {@code en}, {@code ar}, {@code fr}
     * @return whether the concept has a name in that language
     */
    public boolean hasLanguage(String language) {
        return names.containsKey(language);
    }

    /**
     * @param language a language code held by this concept
     * @return the name in that language
     * @throws DataException when the concept has no name in that language
     */
    public String name(String language) {
        return require(names, language);
    }

    /**
     * @param language a language code held by this concept
     * @return the keywords in that language
     * @throws DataException when the concept has no keywords in that language
     */
    public List<String> keywords(String language) {
        return require(keywords, language);
    }

    private <T> T require(Map<String, T> byLanguage, String language) {
        T v = byLanguage.get(language);
        if (v == null) {
            throw new DataException("concept " + unified + " has no CLDR annotation in language '" + language + "'; it has "
                    + new java.util.TreeSet<>(byLanguage.keySet()));
        }
        return v;
    }
}
