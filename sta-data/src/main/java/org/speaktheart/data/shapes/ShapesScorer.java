package org.speaktheart.data.shapes;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.speaktheart.data.DataException;

/**
 * Reads a (possibly generated, noisy or blurred) image back into a {@link ShapeScene}, so that
 * generated pictures can be scored attribute by attribute.
 *
 * <p>Method: the background is the median colour of the border ring, matched to the nearest
 * {@link Background}; foreground pixels are those farther than {@code 0.35 x} (distance from the
 * background to the nearest palette colour) from it. Shape, size and position come from the
 * rendered candidate mask with the highest intersection over union: every single-object candidate
 * over the whole image, and every two-object layout with the left candidate scored on the left half
 * and the right candidate on the right half; the layout with the higher overall IoU wins. The
 * colour of each object is the nearest palette colour to the per-channel median of the foreground
 * pixels inside its candidate mask. Images of another size are rescaled (bilinear) to the scorer's
 * side first. A second pass re-thresholds each object's region half way between the background and
 * the object's colour (the level where a blurred edge sits) and matches again.
 */
public final class ShapesScorer {
    private final int side;
    private final List<ShapeObject> singles = new ArrayList<>();
    private final List<boolean[]> singleMasks = new ArrayList<>();
    private final List<ShapeObject> lefts = new ArrayList<>();
    private final List<boolean[]> leftMasks = new ArrayList<>();
    private final List<ShapeObject> rights = new ArrayList<>();
    private final List<boolean[]> rightMasks = new ArrayList<>();

    /**
     * Pre-renders every candidate mask at the given side.
     *
     * @param side image side the corpus was rendered at, pixels
     */
    public ShapesScorer(int side) {
        if (side < 16) {
            throw new DataException("scorer side must be >= 16 pixels, got " + side);
        }
        this.side = side;
        for (ShapeKind k : ShapeKind.values()) {
            for (ShapeSize s : ShapeSize.values()) {
                for (Position p : Position.values()) {
                    ShapeObject o = new ShapeObject(k, ShapeColour.BLACK, s, p);
                    boolean[] m = ShapeRenderer.mask(o, side);
                    singles.add(o);
                    singleMasks.add(m);
                    if (p == Position.LEFT) {
                        lefts.add(o);
                        leftMasks.add(m);
                    } else if (p == Position.RIGHT) {
                        rights.add(o);
                        rightMasks.add(m);
                    }
                }
            }
        }
    }

    /** @return image side this scorer works at, pixels */
    public int side() {
        return side;
    }

    /**
     * @param image any RGB image (rescaled to {@link #side()} when needed)
     * @return the best-matching scene and its IoU
     */
    public ShapeReading read(BufferedImage image) {
        int[] rgb = pixels(image);
        Background bg = nearestBackground(borderMedian(rgb));
        int bgRgb = bg.rgb();
        // Pass 1: a loose threshold finds the objects and their colours.
        boolean[] fg = new boolean[rgb.length];
        double loose = 0.35 * minPaletteDistance(bgRgb);
        for (int i = 0; i < rgb.length; i++) {
            fg[i] = dist(rgb[i], bgRgb) > loose;
        }
        ShapeReading first = match(fg, rgb, bg, null);
        // Pass 2: threshold each region half way between background and its object's colour, the
        // level at which a blurred edge lies where the sharp edge was (the masks use coverage 1/2).
        List<ShapeObject> objs = first.scene().objects();
        int half = side / 2;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                ShapeColour c = objs.size() == 1 || x < half ? objs.get(0).colour() : objs.get(1).colour();
                int i = y * side + x;
                fg[i] = dist(rgb[i], bgRgb) > 0.5 * dist(c.rgb(), bgRgb);
            }
        }
        return match(fg, rgb, bg, first);
    }

    private ShapeReading match(boolean[] fg, int[] rgb, Background bg, ShapeReading colours) {
        int half = side / 2;
        int bestSingle = argmaxIou(fg, singleMasks, 0, side);
        double singleIou = iou(fg, singleMasks.get(bestSingle), 0, side);
        int bestLeft = argmaxIou(fg, leftMasks, 0, half);
        int bestRight = argmaxIou(fg, rightMasks, half, side);
        boolean[] union = new boolean[fg.length];
        for (int i = 0; i < union.length; i++) {
            union[i] = leftMasks.get(bestLeft)[i] || rightMasks.get(bestRight)[i];
        }
        double pairIou = iou(fg, union, 0, side);
        List<ShapeObject> objects = new ArrayList<>();
        double score;
        if (pairIou > singleIou) {
            objects.add(coloured(lefts.get(bestLeft), leftMasks.get(bestLeft), rgb, bg));
            objects.add(coloured(rights.get(bestRight), rightMasks.get(bestRight), rgb, bg));
            score = pairIou;
        } else {
            objects.add(coloured(singles.get(bestSingle), singleMasks.get(bestSingle), rgb, bg));
            score = singleIou;
        }
        return new ShapeReading(new ShapeScene(objects, bg), score);
    }

    /** Colour = nearest palette entry to the median of the third of mask pixels farthest from the background. */
    private ShapeObject coloured(ShapeObject o, boolean[] mask, int[] rgb, Background bg) {
        int count = 0;
        for (boolean b : mask) {
            count += b ? 1 : 0;
        }
        long[] keyed = new long[count];
        int n = 0;
        for (int i = 0; i < rgb.length; i++) {
            if (mask[i]) {
                // Sort key: distance in the high bits, pixel in the low 24 bits.
                keyed[n++] = ((long) (dist(rgb[i], bg.rgb()) * 16) << 24) | (rgb[i] & 0xffffff);
            }
        }
        Arrays.sort(keyed);
        int from = n - Math.max(1, n / 3);
        int[][] ch = new int[3][n - from];
        for (int k = from; k < n; k++) {
            int p = (int) (keyed[k] & 0xffffff);
            ch[0][k - from] = (p >> 16) & 0xff;
            ch[1][k - from] = (p >> 8) & 0xff;
            ch[2][k - from] = p & 0xff;
        }
        int m = n - from;
        int med = (median(ch[0], m) << 16) | (median(ch[1], m) << 8) | median(ch[2], m);
        ShapeColour best = ShapeColour.RED;
        double bd = Double.MAX_VALUE;
        for (ShapeColour c : ShapeColour.values()) {
            double d = dist(med, c.rgb());
            if (d < bd) {
                bd = d;
                best = c;
            }
        }
        return new ShapeObject(o.shape(), best, o.size(), o.position());
    }

    private static int median(int[] v, int n) {
        int[] c = Arrays.copyOf(v, n);
        Arrays.sort(c);
        return c[n / 2];
    }

    private int argmaxIou(boolean[] fg, List<boolean[]> masks, int x0, int x1) {
        int best = 0;
        double bi = -1;
        for (int k = 0; k < masks.size(); k++) {
            double v = iou(fg, masks.get(k), x0, x1);
            if (v > bi) {
                bi = v;
                best = k;
            }
        }
        return best;
    }

    /** IoU restricted to columns [x0, x1). */
    private double iou(boolean[] a, boolean[] b, int x0, int x1) {
        int inter = 0;
        int uni = 0;
        for (int y = 0; y < side; y++) {
            int row = y * side;
            for (int x = x0; x < x1; x++) {
                boolean p = a[row + x];
                boolean q = b[row + x];
                if (p && q) {
                    inter++;
                }
                if (p || q) {
                    uni++;
                }
            }
        }
        return uni == 0 ? 0 : (double) inter / uni;
    }

    private int[] pixels(BufferedImage image) {
        BufferedImage img = image;
        if (image.getWidth() != side || image.getHeight() != side || image.getType() != BufferedImage.TYPE_INT_RGB) {
            img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(image, 0, 0, side, side, null);
            } finally {
                g.dispose();
            }
        }
        return img.getRGB(0, 0, side, side, null, 0, side);
    }

    private int borderMedian(int[] rgb) {
        int n = 4 * side - 4;
        int[][] ch = new int[3][n];
        int k = 0;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                if (y == 0 || x == 0 || y == side - 1 || x == side - 1) {
                    int p = rgb[y * side + x];
                    ch[0][k] = (p >> 16) & 0xff;
                    ch[1][k] = (p >> 8) & 0xff;
                    ch[2][k] = p & 0xff;
                    k++;
                }
            }
        }
        return (median(ch[0], k) << 16) | (median(ch[1], k) << 8) | median(ch[2], k);
    }

    private static Background nearestBackground(int rgb) {
        Background best = Background.WHITE;
        double bd = Double.MAX_VALUE;
        for (Background b : Background.values()) {
            double d = dist(rgb, b.rgb());
            if (d < bd) {
                bd = d;
                best = b;
            }
        }
        return best;
    }

    private static double minPaletteDistance(int bg) {
        double m = Double.MAX_VALUE;
        for (ShapeColour c : ShapeColour.values()) {
            m = Math.min(m, dist(bg, c.rgb()));
        }
        return m;
    }

    static double dist(int a, int b) {
        int dr = ((a >> 16) & 0xff) - ((b >> 16) & 0xff);
        int dg = ((a >> 8) & 0xff) - ((b >> 8) & 0xff);
        int db = (a & 0xff) - (b & 0xff);
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }
}
