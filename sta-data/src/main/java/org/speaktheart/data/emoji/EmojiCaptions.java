package org.speaktheart.data.emoji;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.speaktheart.data.DataException;

/**
 * Caption templates of the emoji corpus, English and Arabic. Names and keywords come from CLDR;
 * the Arabic template words are vowel-marked by hand (CLDR's Arabic names are not).
 *
 * <ul>
 *   <li>{@link #NAME}: the name alone ("red apple", "تفاح أحمر").</li>
 *   <li>{@link #PICTURE}: "a picture of a red apple", "صُورَة تفاح أحمر".</li>
 *   <li>{@link #COLOUR}: "a green frog", "ضفدع بِاللَّوْنِ الْأَخْضَر"; only when a colour was
 *       measured from the picture and the English name holds no colour word already.</li>
 *   <li>{@link #KEYWORD}: "a frog, animal", "ضفدع، حيوان"; only when a keyword not already in the name exists.</li>
 * </ul>
 */
public final class EmojiCaptions {
    /** Name alone. */
    public static final int NAME = 0;
    /** "a picture of ...". */
    public static final int PICTURE = 1;
    /** Measured colour. */
    public static final int COLOUR = 2;
    /** A CLDR keyword. */
    public static final int KEYWORD = 3;

    private EmojiCaptions() { }

    /**
     * @param c concept
     * @param colour colour measured from the picture
     * @param hasKeyword whether a usable keyword exists in every language
     * @return template indices usable for this picture
     */
    public static List<Integer> applicable(EmojiConcept c, Optional<ColourWord> colour, boolean hasKeyword) {
        List<Integer> t = new ArrayList<>(List.of(NAME, PICTURE));
        if (colour.isPresent() && !hasColourWord(c.englishName())) {
            t.add(COLOUR);
        }
        if (hasKeyword) {
            t.add(KEYWORD);
        }
        return t;
    }

    /**
     * @param name an English name
     * @return whether it already contains a colour word
     */
    static boolean hasColourWord(String name) {
        for (String w : name.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            for (ColourWord cw : ColourWord.values()) {
                if (cw.english().equals(w) || "gray".equals(w)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Keywords usable in captions: not equal to or contained in the name, name not contained in them.
     *
     * @param c concept
     * @param language {@code en} or {@code ar}
     * @return usable keywords, in CLDR order
     */
    public static List<String> usableKeywords(EmojiConcept c, String language) {
        String name = c.name(language).toLowerCase(Locale.ROOT);
        return c.keywords(language).stream().map(k -> k.toLowerCase(Locale.ROOT))
                .filter(k -> !k.isBlank() && !name.contains(k) && !k.contains(name)).toList();
    }

    /**
     * @param c concept
     * @param language {@code en} or {@code ar}
     * @param template one of the template constants
     * @param colour measured colour (required for {@link #COLOUR})
     * @param keyword keyword (required for {@link #KEYWORD})
     * @return the caption
     */
    public static String caption(EmojiConcept c, String language, int template, Optional<ColourWord> colour, String keyword) {
        boolean ar = "ar".equals(language);
        if (!ar && !"en".equals(language)) {
            throw new DataException("emoji captions exist for languages en and ar, got '" + language + "'");
        }
        String name = ar ? c.arabicName() : c.englishName().toLowerCase(Locale.ROOT);
        switch (template) {
            case NAME:
                return name;
            case PICTURE:
                return ar ? "صُورَة " + name : "a picture of " + article(name) + " " + name;
            case COLOUR: {
                ColourWord cw = colour.orElseThrow(() -> new DataException("template COLOUR needs a measured colour for " + c.unified()));
                return ar ? name + " بِاللَّوْنِ " + cw.arabic() : article(cw.english()) + " " + cw.english() + " " + name;
            }
            case KEYWORD:
                if (keyword == null || keyword.isBlank()) {
                    throw new DataException("template KEYWORD needs a keyword for " + c.unified());
                }
                return ar ? name + "، " + keyword : article(name) + " " + name + ", " + keyword;
            default:
                throw new DataException("template must be 0..3, got " + template);
        }
    }

    private static String article(String next) {
        return "aeiou".indexOf(Character.toLowerCase(next.charAt(0))) >= 0 ? "an" : "a";
    }
}
