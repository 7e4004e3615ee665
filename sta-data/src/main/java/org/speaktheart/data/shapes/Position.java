package org.speaktheart.data.shapes;

/** Object positions (centre as fractions of width and height); English and vowel-marked Arabic phrases. */
public enum Position {
    /** Image centre. */
    CENTER(0.5, 0.5, "in the middle", "فِي الْوَسَط"),
    /** Left half. */
    LEFT(0.26, 0.5, "on the left", "عَلَى الْيَسَار"),
    /** Right half. */
    RIGHT(0.74, 0.5, "on the right", "عَلَى الْيَمِين"),
    /** Top half. */
    TOP(0.5, 0.26, "at the top", "فِي الْأَعْلَى"),
    /** Bottom half. */
    BOTTOM(0.5, 0.74, "at the bottom", "فِي الْأَسْفَل");

    private final double fx;
    private final double fy;
    private final String english;
    private final String arabic;

    Position(double fx, double fy, String english, String arabic) {
        this.fx = fx;
        this.fy = fy;
        this.english = english;
        this.arabic = arabic;
    }

    /** @return centre x as a fraction of the width */
    public double fx() {
        return fx;
    }

    /** @return centre y as a fraction of the height (down) */
    public double fy() {
        return fy;
    }

    /** @return English phrase */
    public String english() {
        return english;
    }

    /** @return vowel-marked Arabic phrase */
    public String arabic() {
        return arabic;
    }
}
