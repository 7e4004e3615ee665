package org.speaktheart.data.shapes;

import java.util.ArrayList;
import java.util.List;

/**
 * English and Arabic captions of {@link ShapeScene}s. Every template names every attribute (size,
 * colour, shape, position of each object, and the background when it is not white), so a caption
 * determines the picture. Arabic words are vowel-marked by hand for text-to-speech, and adjectives
 * agree in gender with the shape noun.
 */
public final class ShapeCaptions {
    /** Number of templates per language. */
    public static final int TEMPLATES = 2;

    private ShapeCaptions() { }

    /**
     * @param scene the scene
     * @param template 0 (plain, "a small red circle on the left") or 1 ("a picture of ...")
     * @return English caption
     */
    public static String english(ShapeScene scene, int template) {
        checkTemplate(template);
        List<String> parts = new ArrayList<>();
        for (ShapeObject o : scene.objects()) {
            parts.add("a " + o.size().english() + " " + o.colour().english() + " " + o.shape().english() + " " + o.position().english());
        }
        String s = String.join(" and ", parts);
        if (scene.background() != Background.WHITE) {
            s += " on a " + scene.background().english() + " background";
        }
        return template == 1 ? "a picture of " + s : s;
    }

    /**
     * @param scene the scene
     * @param template 0 (plain) or 1 (with صُورَة, "picture of")
     * @return vowel-marked Arabic caption
     */
    public static String arabic(ShapeScene scene, int template) {
        checkTemplate(template);
        StringBuilder sb = new StringBuilder();
        for (ShapeObject o : scene.objects()) {
            if (sb.length() > 0) {
                sb.append(" وَ");
            }
            boolean f = o.shape().feminine();
            sb.append(o.shape().arabic()).append(' ').append(o.colour().arabic(f)).append(' ').append(o.size().arabic(f))
                    .append(' ').append(o.position().arabic());
        }
        if (scene.background() != Background.WHITE) {
            sb.append(" عَلَى خَلْفِيَّة ").append(scene.background().arabic());
        }
        return template == 1 ? "صُورَة " + sb : sb.toString();
    }

    /**
     * @param scene the scene
     * @param language {@code en} or {@code ar}
     * @param template template index
     * @return the caption
     */
    public static String caption(ShapeScene scene, String language, int template) {
        switch (language) {
            case "en":
                return english(scene, template);
            case "ar":
                return arabic(scene, template);
            default:
                throw new org.speaktheart.data.DataException("shapes captions exist for languages en and ar, got '" + language + "'");
        }
    }

    private static void checkTemplate(int t) {
        if (t < 0 || t >= TEMPLATES) {
            throw new org.speaktheart.data.DataException("template must be in [0, " + (TEMPLATES - 1) + "], got " + t);
        }
    }
}
