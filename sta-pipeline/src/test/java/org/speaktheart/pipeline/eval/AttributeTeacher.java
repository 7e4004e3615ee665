package org.speaktheart.pipeline.eval;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.speaktheart.data.shapes.ShapeColour;
import org.speaktheart.data.shapes.ShapeKind;
import org.speaktheart.data.shapes.ShapeObject;
import org.speaktheart.data.shapes.ShapesScorer;
import org.speaktheart.teacher.Embeddings;
import org.speaktheart.teacher.ImageTextTeacher;

/**
 * The shapes demo's stand-in teacher as an {@link ImageTextTeacher}, for tests: texts and images
 * map to one-hot shape (circle, square, triangle, star) followed by one-hot colour (red, green,
 * blue, yellow), L2-normalised; the image side reads pictures with the exact {@link ShapesScorer}.
 * This is the space the demo's speech encoder was distilled into, so its text embeddings can
 * condition the demo's generator.
 */
final class AttributeTeacher implements ImageTextTeacher {
    static final ShapeKind[] SHAPES = {ShapeKind.CIRCLE, ShapeKind.SQUARE, ShapeKind.TRIANGLE, ShapeKind.STAR};
    static final ShapeColour[] COLOURS = {ShapeColour.RED, ShapeColour.GREEN, ShapeColour.BLUE, ShapeColour.YELLOW};
    private final ShapesScorer scorer;

    AttributeTeacher(int side) {
        this.scorer = new ShapesScorer(side);
    }

    @Override
    public float[][] embedTexts(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            String t = texts.get(i).toLowerCase(Locale.ROOT);
            float[] v = new float[dimension()];
            for (int s = 0; s < SHAPES.length; s++) {
                v[s] = t.contains(SHAPES[s].english()) ? 1 : 0;
            }
            for (int c = 0; c < COLOURS.length; c++) {
                v[SHAPES.length + c] = t.contains(COLOURS[c].english()) ? 1 : 0;
            }
            out[i] = unit(v);
        }
        return out;
    }

    @Override
    public float[][] embedImages(List<BufferedImage> images) {
        float[][] out = new float[images.size()][];
        for (int i = 0; i < out.length; i++) {
            ShapeObject o = scorer.read(images.get(i)).scene().objects().get(0);
            float[] v = new float[dimension()];
            for (int s = 0; s < SHAPES.length; s++) {
                v[s] = o.shape() == SHAPES[s] ? 1 : 0;
            }
            for (int c = 0; c < COLOURS.length; c++) {
                v[SHAPES.length + c] = o.colour() == COLOURS[c] ? 1 : 0;
            }
            out[i] = unit(v);
        }
        return out;
    }

    /** Unit length; a picture matching no attribute gets the uniform direction (equally far from every concept). */
    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            java.util.Arrays.fill(v, 1f);
        }
        return Embeddings.normalize(v);
    }

    @Override
    public int dimension() {
        return SHAPES.length + COLOURS.length;
    }

    @Override
    public String name() {
        return "test-attributes";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public void close() {
    }
}
