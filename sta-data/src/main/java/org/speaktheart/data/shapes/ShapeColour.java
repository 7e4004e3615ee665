package org.speaktheart.data.shapes;

/**
 * The fill colours, saturated so that they stand apart from each other and from every
 * {@link Background}; English name and hand-vowelled Arabic masculine and feminine forms.
 */
public enum ShapeColour {
    /** Red. */
    RED(220, 30, 30, "red", "أَحْمَر", "حَمْرَاء"),
    /** Green. */
    GREEN(30, 160, 50, "green", "أَخْضَر", "خَضْرَاء"),
    /** Blue. */
    BLUE(30, 70, 220, "blue", "أَزْرَق", "زَرْقَاء"),
    /** Yellow. */
    YELLOW(240, 210, 20, "yellow", "أَصْفَر", "صَفْرَاء"),
    /** Orange. */
    ORANGE(245, 130, 20, "orange", "بُرْتُقَالِيّ", "بُرْتُقَالِيَّة"),
    /** Purple. */
    PURPLE(140, 50, 180, "purple", "بَنَفْسَجِيّ", "بَنَفْسَجِيَّة"),
    /** Black. */
    BLACK(25, 25, 25, "black", "أَسْوَد", "سَوْدَاء");

    private final int rgb;
    private final String english;
    private final String arabicMasculine;
    private final String arabicFeminine;

    ShapeColour(int r, int g, int b, String english, String arabicMasculine, String arabicFeminine) {
        this.rgb = (r << 16) | (g << 8) | b;
        this.english = english;
        this.arabicMasculine = arabicMasculine;
        this.arabicFeminine = arabicFeminine;
    }

    /** @return 0xRRGGBB */
    public int rgb() {
        return rgb;
    }

    /** @return English adjective */
    public String english() {
        return english;
    }

    /**
     * @param feminine gender of the noun it qualifies
     * @return vowel-marked Arabic adjective
     */
    public String arabic(boolean feminine) {
        return feminine ? arabicFeminine : arabicMasculine;
    }
}
