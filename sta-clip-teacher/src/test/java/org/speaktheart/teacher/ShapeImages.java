package org.speaktheart.teacher;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/** Coloured shapes rendered with Java2D for the training tests: 3 colours x 3 shapes, captions "a red circle". */
final class ShapeImages {
    static final String[] COLOURS = {"red", "green", "blue"};
    static final Color[] RGB = {new Color(220, 30, 30), new Color(30, 170, 40), new Color(30, 60, 220)};
    static final String[] SHAPES = {"circle", "square", "triangle"};

    private ShapeImages() {
    }

    static int concepts() {
        return COLOURS.length * SHAPES.length;
    }

    static String caption(int concept) {
        return "a " + COLOURS[concept / SHAPES.length] + " " + SHAPES[concept % SHAPES.length];
    }

    /** One picture of a concept on white, random size and position drawn from {@code random}. */
    static BufferedImage render(int concept, int side, SplittableRandom random) {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, side, side);
            g.setColor(RGB[concept / SHAPES.length]);
            int size = (int) (side * random.nextDouble(0.5, 0.8));
            int x = random.nextInt(side - size + 1);
            int y = random.nextInt(side - size + 1);
            switch (concept % SHAPES.length) {
                case 0 -> g.fillOval(x, y, size, size);
                case 1 -> g.fillRect(x, y, size, size);
                default -> g.fillPolygon(new int[] {x, x + size, x + size / 2}, new int[] {y + size, y + size, y}, 3);
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
