package org.speaktheart.data.shapes;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.speaktheart.data.DataException;

/** Draws {@link ShapeScene}s with Java2D (headless), antialiased, as RGB images. */
public final class ShapeRenderer {
    private ShapeRenderer() { }

    /**
     * @param scene what to draw
     * @param side image width and height, pixels (at least 16)
     * @return a {@code TYPE_INT_RGB} image of {@code side x side}
     */
    public static BufferedImage render(ShapeScene scene, int side) {
        if (side < 16) {
            throw new DataException("image side must be >= 16 pixels, got " + side);
        }
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(new Color(scene.background().rgb()));
            g.fillRect(0, 0, side, side);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            for (ShapeObject o : scene.objects()) {
                g.setColor(new Color(o.colour().rgb()));
                g.fill(outline(o, side));
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * @param o the object
     * @param side image side, pixels
     * @return its outline in pixel coordinates
     */
    static java.awt.Shape outline(ShapeObject o, int side) {
        return o.shape().outline(o.position().fx() * side, o.position().fy() * side, o.size().fraction() * side);
    }

    /**
     * The object's coverage mask: true where antialiased coverage is at least one half.
     *
     * @param o the object
     * @param side image side, pixels
     * @return row-major {@code side*side} mask
     */
    public static boolean[] mask(ShapeObject o, int side) {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fill(outline(o, side));
        } finally {
            g.dispose();
        }
        byte[] px = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        boolean[] m = new boolean[side * side];
        for (int i = 0; i < m.length; i++) {
            m[i] = (px[i] & 0xff) >= 128;
        }
        return m;
    }
}
