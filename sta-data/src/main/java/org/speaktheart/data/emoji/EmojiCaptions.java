package org.speaktheart.data.emoji;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.speaktheart.data.DataException;

/**
 * Caption templates of the emoji corpus, English, Arabic and French. Names and keywords come from
 * CLDR; the Arabic template words are vowel-marked by hand (CLDR's Arabic names are not).
 *
 * <ul>
 *   <li>{@link #NAME}: the name alone ("red apple", "تفاح أحمر", "pomme rouge").</li>
 *   <li>{@link #PICTURE}: "a picture of a red apple", "صُورَة تفاح أحمر", "une image de pomme rouge"
 *       ("une image d'abeille" before a vowel or mute h; CLDR gives no noun gender, so no article).</li>
 *   <li>{@link #COLOUR}: "a green frog", "ضفدع بِاللَّوْنِ الْأَخْضَر", "grenouille de couleur verte"
 *       (the adjective agrees with {@code couleur}); only when a colour was measured from the
 *       picture and the English name (and the French name, when French is built) holds no colour word already.</li>
 *   <li>{@link #KEYWORD}: "a frog, animal", "ضفدع، حيوان", "grenouille, animal"; only when a keyword
 *       not already in the name exists in every built language.</li>
 * </ul>
 */
public final class EmojiCaptions {
    /** Caption languages, in the order accepted by the corpus configuration. */
    public static final List<String> LANGUAGES = List.of("en", "ar", "fr");
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
     * @param languages the languages being built; the French name is checked for colour words only
     *     when French is among them (the English name always is)
     * @return template indices usable for this picture
     */
    public static List<Integer> applicable(EmojiConcept c, Optional<ColourWord> colour, boolean hasKeyword, List<String> languages) {
        List<Integer> t = new ArrayList<>(List.of(NAME, PICTURE));
        boolean named = hasColourWord(c.name("en"), "en") || languages.contains("fr") && hasColourWord(c.name("fr"), "fr");
        if (colour.isPresent() && !named) {
            t.add(COLOUR);
        }
        if (hasKeyword) {
            t.add(KEYWORD);
        }
        return t;
    }

    /**
     * @param name a name
     * @param language {@code en} or {@code fr}
     * @return whether it already contains a colour word of that language (French: either gender)
     */
    static boolean hasColourWord(String name, String language) {
        boolean fr = "fr".equals(language);
        // English keeps its historical ASCII word split, so English captions stay as they were.
        for (String w : name.toLowerCase(Locale.ROOT).split(fr ? "[^\\p{L}]+" : "[^a-z]+")) {
            for (ColourWord cw : ColourWord.values()) {
                boolean match = fr ? cw.frenchMasculine().equals(w) || cw.french().equals(w)
                        : cw.english().equals(w) || "gray".equals(w);
                if (match) {
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
     * @param language a language of {@link #LANGUAGES}
     * @return usable keywords, in CLDR order
     */
    public static List<String> usableKeywords(EmojiConcept c, String language) {
        String name = c.name(language).toLowerCase(Locale.ROOT);
        return c.keywords(language).stream().map(k -> k.toLowerCase(Locale.ROOT))
                .filter(k -> !k.isBlank() && !name.contains(k) && !k.contains(name)).toList();
    }

    /**
     * @param c concept
     * @param language a language of {@link #LANGUAGES}
     * @param template one of the template constants
     * @param colour measured colour (required for {@link #COLOUR})
     * @param keyword keyword (required for {@link #KEYWORD})
     * @return the caption
     */
    public static String caption(EmojiConcept c, String language, int template, Optional<ColourWord> colour, String keyword) {
        if (!LANGUAGES.contains(language)) {
            throw new DataException("emoji captions exist for languages " + LANGUAGES + ", got '" + language + "'");
        }
        if (template < NAME || template > KEYWORD) {
            throw new DataException("template must be 0..3, got " + template);
        }
        if (template == COLOUR && colour.isEmpty()) {
            throw new DataException("template COLOUR needs a measured colour for " + c.unified());
        }
        if (template == KEYWORD && (keyword == null || keyword.isBlank())) {
            throw new DataException("template KEYWORD needs a keyword for " + c.unified());
        }
        switch (language) {
            case "ar":
                return arabic(c.name("ar"), template, colour, keyword);
            case "fr":
                return french(c.name("fr").toLowerCase(Locale.ROOT), template, colour, keyword);
            default:
                return english(c.name("en").toLowerCase(Locale.ROOT), template, colour, keyword);
        }
    }

    private static String english(String name, int template, Optional<ColourWord> colour, String keyword) {
        switch (template) {
            case NAME:
                return name;
            case PICTURE:
                return "a picture of " + article(name) + " " + name;
            case COLOUR: {
                String cw = colour.orElseThrow().english();
                return article(cw) + " " + cw + " " + name;
            }
            default:
                return article(name) + " " + name + ", " + keyword;
        }
    }

    private static String arabic(String name, int template, Optional<ColourWord> colour, String keyword) {
        switch (template) {
            case NAME:
                return name;
            case PICTURE:
                return "صُورَة " + name;
            case COLOUR:
                return name + " بِاللَّوْنِ " + colour.orElseThrow().arabic();
            default:
                return name + "، " + keyword;
        }
    }

    private static String french(String name, int template, Optional<ColourWord> colour, String keyword) {
        switch (template) {
            case NAME:
                return name;
            case PICTURE:
                return "une image " + frenchOf(name) + name;
            case COLOUR:
                return name + " de couleur " + colour.orElseThrow().french();
            default:
                return name + ", " + keyword;
        }
    }

    /**
     * French "de", elided before a vowel and before a mute h ("d'huître", "d'hippopotame"), not
     * before an aspirated h ("de homard"), which is a property of each word: {@link #H_ASPIRE}.
     */
    static String frenchOf(String next) {
        char first = next.charAt(0);
        if (first == 'h') {
            return H_ASPIRE.contains(next.split("[ '\\-]", 2)[0]) ? "de " : "d'";
        }
        return "aeiouyàâäéèêëîïôöùûüœæ".indexOf(first) >= 0 ? "d'" : "de ";
    }

    /**
     * French words with an aspirated h (no elision), covering every h-initial CLDR French name of the
     * picture categories that takes one (hamburger, hamster, haricots, homard, hot dog, hérisson in
     * Animals &amp; Nature and Food &amp; Drink) and other common ones; every other h is mute.
     */
    static final Set<String> H_ASPIRE = Set.of("hache", "haché", "haie", "haltère", "hamac", "hamburger", "hamster", "hanche",
            "handball", "hangar", "hareng", "haricot", "haricots", "harpe", "haut", "héron", "hérisson", "hêtre", "hibou",
            "hockey", "homard", "hot", "houx", "hublot", "huit", "hutte");

    private static String article(String next) {
        return "aeiou".indexOf(Character.toLowerCase(next.charAt(0))) >= 0 ? "an" : "a";
    }
}
