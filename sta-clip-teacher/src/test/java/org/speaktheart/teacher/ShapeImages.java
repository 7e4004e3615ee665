package org.speaktheart.teacher;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;

/**
 * Coloured shapes rendered with Java2D for the training tests: 3 colours x 3 shapes, captions "a red circle";
 * also written as a tiny captioned-image corpus in the sta-data manifest format.
 */
public final class ShapeImages {
    static final String[] COLOURS = {"red", "green", "blue"};
    static final Color[] RGB = {new Color(220, 30, 30), new Color(30, 170, 40), new Color(30, 60, 220)};
    static final String[] SHAPES = {"circle", "square", "triangle"};

    private ShapeImages() {
    }

    public static int concepts() {
        return COLOURS.length * SHAPES.length;
    }

    public static String caption(int concept) {
        return "a " + COLOURS[concept / SHAPES.length] + " " + SHAPES[concept % SHAPES.length];
    }

    /** One picture of a concept on white, random size and position drawn from {@code random}. */
    public static BufferedImage render(int concept, int side, SplittableRandom random) {
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

    /**
     * Writes a tiny corpus: {@code perConcept[s]} fresh PNG renders of every concept in split {@code s} (train, val,
     * test), English captions; each train picture has two records ("a red circle", "a picture of a red circle").
     *
     * @return the written manifest ({@code dir/manifest.jsonl}, pictures under {@code dir/images})
     */
    public static Manifest writeCorpus(Path dir, int side, int[] perConcept, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ManifestRecord> records = new ArrayList<>();
        try {
            Files.createDirectories(dir.resolve("images"));
            for (Split split : Split.values()) {
                for (int k = 0; k < perConcept[split.ordinal()]; k++) {
                    for (int c = 0; c < concepts(); c++) {
                        String name = String.format(Locale.ROOT, "%s-%d-%d", split.key(), c, k);
                        ImageIO.write(render(c, side, random), "png", dir.resolve("images/" + name + ".png").toFile());
                        List<String> captions = split == Split.TRAIN ? List.of(caption(c), "a picture of " + caption(c)) : List.of(caption(c));
                        for (int t = 0; t < captions.size(); t++) {
                            records.add(ManifestRecord.builder().id(name + "-en-" + t).imagePath("images/" + name + ".png")
                                    .conceptId("c" + c).caption(captions.get(t)).language("en").split(split).build());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ManifestIO.write(dir.resolve("manifest.jsonl"), records);
    }
}
