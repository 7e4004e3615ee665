package org.speaktheart.data.emoji;

import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * Colour words for captions, measured from a picture's opaque pixels by hue, saturation and value.
 * Each carries its English word; its hand-vowelled Arabic form with the article, used in the
 * phrase بِاللَّوْنِ ... ("in the ... colour"), which needs no gender agreement with the noun; and its
 * French masculine and feminine forms. French captions say "... de couleur verte": the adjective
 * agrees with the feminine noun {@code couleur}, so the gender of the named thing (which CLDR does
 * not give) never matters.
 */
public enum ColourWord {
    /** Red. */
    RED("red", "الْأَحْمَر", "rouge", "rouge"),
    /** Orange. */
    ORANGE("orange", "الْبُرْتُقَالِيّ", "orange", "orange"),
    /** Yellow. */
    YELLOW("yellow", "الْأَصْفَر", "jaune", "jaune"),
    /** Green. */
    GREEN("green", "الْأَخْضَر", "vert", "verte"),
    /** Blue. */
    BLUE("blue", "الْأَزْرَق", "bleu", "bleue"),
    /** Purple. */
    PURPLE("purple", "الْبَنَفْسَجِيّ", "violet", "violette"),
    /** Pink. */
    PINK("pink", "الْوَرْدِيّ", "rose", "rose"),
    /** Brown. */
    BROWN("brown", "الْبُنِّيّ", "marron", "marron"),
    /** Black. */
    BLACK("black", "الْأَسْوَد", "noir", "noire"),
    /** Grey. */
    GREY("grey", "الرَّمَادِيّ", "gris", "grise"),
    /** White. */
    WHITE("white", "الْأَبْيَض", "blanc", "blanche");

    /** Smallest share of the opaque pixels the dominant colour must have to be named. */
    public static final double MIN_SHARE = 0.35;

    private final String english;
    private final String arabic;
    private final String frenchMasculine;
    private final String frenchFeminine;

    ColourWord(String english, String arabic, String frenchMasculine, String frenchFeminine) {
        this.english = english;
        this.arabic = arabic;
        this.frenchMasculine = frenchMasculine;
        this.frenchFeminine = frenchFeminine;
    }

    /** @return English adjective */
    public String english() {
        return english;
    }

    /** @return vowel-marked Arabic adjective with the article, e.g. الْأَحْمَر */
    public String arabic() {
        return arabic;
    }

    /** @return French adjective in the feminine, agreeing with {@code couleur}, e.g. {@code verte} */
    public String french() {
        return frenchFeminine;
    }

    /** @return French adjective in the masculine, e.g. {@code vert} (to recognise colour words in names) */
    public String frenchMasculine() {
        return frenchMasculine;
    }

    /**
     * Classifies one colour.
     *
     * @param rgb 0xRRGGBB
     * @return its colour word
     */
    public static ColourWord of(int rgb) {
        float[] hsv = java.awt.Color.RGBtoHSB((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, null);
        double h = hsv[0] * 360;
        double s = hsv[1];
        double v = hsv[2];
        if (v < 0.2) {
            return BLACK;
        }
        if (s < 0.18) {
            return v > 0.85 ? WHITE : GREY;
        }
        // Hue limits fitted to emoji art: apples sit near 15-20 degrees, carrots near 30, bananas 35-45.
        if (h < 20 || h >= 345) {
            return s < 0.5 && v > 0.8 ? PINK : v < 0.45 ? BROWN : RED;
        }
        if (h < 35) {
            return v < 0.65 ? BROWN : ORANGE;
        }
        if (h < 70) {
            return YELLOW;
        }
        if (h < 170) {
            return GREEN;
        }
        if (h < 260) {
            return BLUE;
        }
        if (h < 300) {
            return PURPLE;
        }
        return PINK;
    }

    /**
     * The dominant colour of the opaque pixels (alpha at least 200), when it is dominant enough to be
     * a sensible caption word (share at least {@link #MIN_SHARE}).
     *
     * @param argb picture with alpha
     * @return the colour word, or empty when no colour dominates
     */
    public static Optional<ColourWord> dominant(BufferedImage argb) {
        int[] counts = new int[values().length];
        int total = 0;
        for (int y = 0; y < argb.getHeight(); y++) {
            for (int x = 0; x < argb.getWidth(); x++) {
                int p = argb.getRGB(x, y);
                if ((p >>> 24) >= 200) {
                    counts[of(p & 0xffffff).ordinal()]++;
                    total++;
                }
            }
        }
        int best = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return total > 0 && counts[best] >= MIN_SHARE * total ? Optional.of(values()[best]) : Optional.empty();
    }
}
