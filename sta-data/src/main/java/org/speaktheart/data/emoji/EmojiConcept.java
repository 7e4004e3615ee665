package org.speaktheart.data.emoji;

import java.util.List;

/**
 * One picture concept of the emoji corpus with its CLDR names and keywords.
 *
 * @param unified code points in upper-case hex joined by {@code -}, e.g. {@code 1F34E}
 * @param image base file name in the art packages, e.g. {@code 1f34e.png}
 * @param category emoji category, e.g. {@code Food & Drink}
 * @param subcategory emoji subcategory, e.g. {@code food-fruit}
 * @param sortOrder the Unicode emoji ordering
 * @param englishName CLDR English short name ({@code tts}), e.g. {@code red apple}
 * @param englishKeywords CLDR English keywords
 * @param arabicName CLDR Arabic short name (not vowel-marked)
 * @param arabicKeywords CLDR Arabic keywords
 */
public record EmojiConcept(String unified, String image, String category, String subcategory, int sortOrder,
                           String englishName, List<String> englishKeywords, String arabicName, List<String> arabicKeywords) {
    /** Freezes the lists. */
    public EmojiConcept {
        englishKeywords = List.copyOf(englishKeywords);
        arabicKeywords = List.copyOf(arabicKeywords);
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
     * @param language {@code en} or {@code ar}
     * @return the name in that language
     */
    public String name(String language) {
        return "ar".equals(language) ? arabicName : englishName;
    }

    /**
     * @param language {@code en} or {@code ar}
     * @return the keywords in that language
     */
    public List<String> keywords(String language) {
        return "ar".equals(language) ? arabicKeywords : englishKeywords;
    }
}
