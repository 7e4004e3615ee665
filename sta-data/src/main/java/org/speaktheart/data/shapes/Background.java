package org.speaktheart.data.shapes;

/**
 * Pale background colours; English and hand-vowelled Arabic words (feminine, agreeing with
 * خَلْفِيَّة, "background").
 */
public enum Background {
    /** White. */
    WHITE(255, 255, 255, "white", "بَيْضَاء"),
    /** Light grey. */
    GREY(215, 215, 215, "grey", "رَمَادِيَّة"),
    /** Pale blue. */
    LIGHT_BLUE(200, 225, 250, "light blue", "زَرْقَاء فَاتِحَة"),
    /** Pale yellow. */
    LIGHT_YELLOW(250, 242, 200, "light yellow", "صَفْرَاء فَاتِحَة");

    private final int rgb;
    private final String english;
    private final String arabic;

    Background(int r, int g, int b, String english, String arabic) {
        this.rgb = (r << 16) | (g << 8) | b;
        this.english = english;
        this.arabic = arabic;
    }

    /** @return 0xRRGGBB */
    public int rgb() {
        return rgb;
    }

    /** @return English adjective */
    public String english() {
        return english;
    }

    /** @return vowel-marked Arabic adjective (feminine) */
    public String arabic() {
        return arabic;
    }
}
