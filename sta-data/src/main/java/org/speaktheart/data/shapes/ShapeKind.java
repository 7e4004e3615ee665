package org.speaktheart.data.shapes;

import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * The drawable shapes, each with its English name and hand-vowelled Arabic name and gender (Arabic
 * adjectives agree with the noun).
 */
public enum ShapeKind {
    /** A disc. */
    CIRCLE("circle", "دَائِرَة", true),
    /** An axis-aligned square. */
    SQUARE("square", "مُرَبَّع", false),
    /** An upward-pointing triangle. */
    TRIANGLE("triangle", "مُثَلَّث", false),
    /** A five-pointed star. */
    STAR("star", "نَجْمَة", true),
    /** A heart. */
    HEART("heart", "قَلْب", false),
    /** A rhombus standing on a corner. */
    DIAMOND("diamond", "مُعَيَّن", false),
    /** An arrow pointing right. */
    ARROW("arrow", "سَهْم", false),
    /** A crescent opening to the right. */
    CRESCENT("crescent", "هِلَال", false);

    private final String english;
    private final String arabic;
    private final boolean feminine;

    ShapeKind(String english, String arabic, boolean feminine) {
        this.english = english;
        this.arabic = arabic;
        this.feminine = feminine;
    }

    /** @return English noun */
    public String english() {
        return english;
    }

    /** @return vowel-marked Arabic noun */
    public String arabic() {
        return arabic;
    }

    /** @return whether the Arabic noun is feminine */
    public boolean feminine() {
        return feminine;
    }

    /**
     * The outline centred at ({@code cx}, {@code cy}) fitting a box of side {@code s}, in pixels.
     *
     * @param cx centre x, pixels
     * @param cy centre y, pixels (down)
     * @param s box side, pixels
     * @return the shape
     */
    public Shape outline(double cx, double cy, double s) {
        double h = s / 2;
        switch (this) {
            case CIRCLE:
                return new Ellipse2D.Double(cx - h, cy - h, s, s);
            case SQUARE: {
                double q = 0.86 * h;
                return new Rectangle2D.Double(cx - q, cy - q, 2 * q, 2 * q);
            }
            case TRIANGLE:
                return polygon(new double[] {cx, cx + h, cx - h}, new double[] {cy - h, cy + h * 0.8, cy + h * 0.8});
            case STAR:
                return regular(cx, cy + 0.06 * s, h, 0.4 * h, 5, -Math.PI / 2);
            case HEART: {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(cx, cy + h);
                p.curveTo(cx - 1.25 * h, cy + 0.05 * h, cx - 1.0 * h, cy - 1.15 * h, cx, cy - 0.45 * h);
                p.curveTo(cx + 1.0 * h, cy - 1.15 * h, cx + 1.25 * h, cy + 0.05 * h, cx, cy + h);
                p.closePath();
                return p;
            }
            case DIAMOND:
                return polygon(new double[] {cx, cx + 0.72 * h, cx, cx - 0.72 * h}, new double[] {cy - h, cy, cy + h, cy});
            case ARROW:
                return polygon(new double[] {cx - h, cx + 0.05 * h, cx + 0.05 * h, cx + h, cx + 0.05 * h, cx + 0.05 * h, cx - h},
                        new double[] {cy - 0.28 * h, cy - 0.28 * h, cy - 0.85 * h, cy, cy + 0.85 * h, cy + 0.28 * h, cy + 0.28 * h});
            case CRESCENT: {
                Area a = new Area(new Ellipse2D.Double(cx - h, cy - h, s, s));
                a.subtract(new Area(new Ellipse2D.Double(cx - h + 0.45 * h, cy - h * 0.85, s * 0.85, s * 0.85)));
                return a;
            }
            default:
                throw new IllegalStateException("unhandled shape " + this);
        }
    }

    private static Shape polygon(double[] xs, double[] ys) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        return p;
    }

    /** Regular polygon (inner == outer) or star (inner &lt; outer) with {@code n} outer corners. */
    private static Shape regular(double cx, double cy, double outer, double inner, int n, double start) {
        boolean star = inner < outer;
        int corners = star ? 2 * n : n;
        double[] xs = new double[corners];
        double[] ys = new double[corners];
        for (int i = 0; i < corners; i++) {
            double r = star && (i % 2 == 1) ? inner : outer;
            double a = start + 2 * Math.PI * i / corners;
            xs[i] = cx + r * Math.cos(a);
            ys[i] = cy + r * Math.sin(a);
        }
        return polygon(xs, ys);
    }
}
