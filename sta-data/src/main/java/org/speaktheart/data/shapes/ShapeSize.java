package org.speaktheart.data.shapes;

/** Object sizes as a fraction of the image side; English and hand-vowelled Arabic words. */
public enum ShapeSize {
    /** About a quarter of the image side. */
    SMALL(0.28, "small", "صَغِير", "صَغِيرَة"),
    /** About half of the image side. */
    LARGE(0.48, "large", "كَبِير", "كَبِيرَة");

    private final double fraction;
    private final String english;
    private final String arabicMasculine;
    private final String arabicFeminine;

    ShapeSize(double fraction, String english, String arabicMasculine, String arabicFeminine) {
        this.fraction = fraction;
        this.english = english;
        this.arabicMasculine = arabicMasculine;
        this.arabicFeminine = arabicFeminine;
    }

    /** @return box side as a fraction of the image side */
    public double fraction() {
        return fraction;
    }

    /** @return English adjective */
    public String english() {
        return english;
    }

    /**
     * @param feminine gender of the noun
     * @return vowel-marked Arabic adjective
     */
    public String arabic(boolean feminine) {
        return feminine ? arabicFeminine : arabicMasculine;
    }
}
