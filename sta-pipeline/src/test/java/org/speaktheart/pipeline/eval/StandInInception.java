package org.speaktheart.pipeline.eval;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.speaktheart.core.onnx.Dim;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * A small stand-in for a user's Inception-v3 ONNX, for tests: written with the project's own
 * {@link OnnxGraphBuilder} from seeded random weights, with the same interface as the real network
 * (input {@code images [N, 3, S, S]}, outputs {@code pool_3 [N, 2048]} and {@code logits [N, 1008]})
 * and a brute-force Java forward pass to check ONNX Runtime's numbers against.
 *
 * <p>Network: 8 x 8 average pooling of each channel ({@code [N, 3, 8, 8]}), flattened to 192 values,
 * {@code features = relu(x W1 + b1)} (2048), {@code logits = features W2 + b2}. Variants for the
 * refusal tests: another feature width, 4-d feature output, no or other-width logits, duplicate
 * outputs, a fixed batch size, a rank-2 input.
 *
 * @param side S of the input (a multiple of {@value #GRID})
 * @param fixedBatch 0 for a dynamic batch dimension, else the fixed batch size
 * @param featureWidth width of the feature output (2048 for a faithful stand-in)
 * @param features4d whether features are declared {@code [N, W, 1, 1]} instead of {@code [N, W]}
 * @param classes width of the logits (1008, 1000), or 0 for a model without logits
 * @param duplicateFeatures whether a second output {@code mixed_pool = 2 * features} exists
 * @param duplicateLogits whether a second output {@code aux_logits = logits + 1} exists
 * @param flatInput whether the input is declared {@code [N, 3 S S]} (rank 2) instead of rank 4
 * @param seed weight seed
 */
record StandInInception(int side, int fixedBatch, int featureWidth, boolean features4d, int classes, boolean duplicateFeatures,
                        boolean duplicateLogits, boolean flatInput, long seed) {
    static final int GRID = 8;
    static final String INPUT = "images";
    static final String FEATURES = "pool_3";
    static final String LOGITS = "logits";

    /** The faithful stand-in: S = 64, dynamic batch, [N, 2048] features, [N, 1008] logits, seed 7. */
    static StandInInception defaults() {
        return new StandInInception(64, 0, 2048, false, 1008, false, false, false, 7);
    }

    StandInInception withFixedBatch(int b) {
        return new StandInInception(side, b, featureWidth, features4d, classes, duplicateFeatures, duplicateLogits, flatInput, seed);
    }

    StandInInception withFeatureWidth(int w) {
        return new StandInInception(side, fixedBatch, w, features4d, classes, duplicateFeatures, duplicateLogits, flatInput, seed);
    }

    StandInInception withFeatures4d() {
        return new StandInInception(side, fixedBatch, featureWidth, true, classes, duplicateFeatures, duplicateLogits, flatInput, seed);
    }

    StandInInception withClasses(int c) {
        return new StandInInception(side, fixedBatch, featureWidth, features4d, c, duplicateFeatures, duplicateLogits, flatInput, seed);
    }

    StandInInception withDuplicateFeatures() {
        return new StandInInception(side, fixedBatch, featureWidth, features4d, classes, true, duplicateLogits, flatInput, seed);
    }

    StandInInception withDuplicateLogits() {
        return new StandInInception(side, fixedBatch, featureWidth, features4d, classes, duplicateFeatures, true, flatInput, seed);
    }

    StandInInception withFlatInput() {
        return new StandInInception(side, fixedBatch, featureWidth, features4d, classes, duplicateFeatures, duplicateLogits, true, seed);
    }

    private int pooled() {
        return 3 * GRID * GRID;
    }

    /** The weights, drawn in a fixed order from the seed: W1 [192][F], b1 [F], W2 [F][C], b2 [C]. */
    private float[][] weights() {
        SplittableRandom r = new SplittableRandom(seed);
        int f = featureWidth;
        float[] w1 = gaussian(r, pooled() * f, 1.5 / Math.sqrt(pooled()));
        float[] b1 = gaussian(r, f, 0.1);
        int c = Math.max(classes, 1);
        // Logits with a spread of a few units: the class distributions are neither uniform nor one-hot.
        float[] w2 = gaussian(r, f * c, 4.0 / Math.sqrt(f));
        float[] b2 = gaussian(r, c, 0.5);
        return new float[][] {w1, b1, w2, b2};
    }

    private static float[] gaussian(SplittableRandom r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }

    /** Writes the ONNX model and returns the file. */
    Path write(Path file) {
        float[][] w = weights();
        int f = featureWidth;
        int s = side;
        OnnxGraphBuilder g = new OnnxGraphBuilder("stand-in-inception");
        Dim batch = fixedBatch > 0 ? Dim.of(fixedBatch) : Dim.sym("batch");
        String x;
        if (flatInput) {
            x = g.reshape(g.input(INPUT, ElementType.FLOAT, batch, Dim.of(3L * s * s)), 0, 3, s, s);
        } else {
            x = g.input(INPUT, ElementType.FLOAT, batch, Dim.of(3), Dim.of(s), Dim.of(s));
        }
        // [N, 3, S, S] -> [N, 3, 8, S/8, 8, S/8] -> mean over the cells' pixels -> [N, 3, 8, 8] -> [N, 192]
        String cells = g.reshape(x, 0, 3, GRID, s / GRID, GRID, s / GRID);
        String pooled = g.reshape(g.reduceMean(cells, false, 3, 5), 0, pooled());
        String h = g.unary("Relu", g.add(g.matMul(pooled, g.initializer("w1", w[0], pooled(), f)), g.initializer("b1", w[1], f)));
        String features = features4d ? g.identity(g.unsqueeze(h, 2, 3), FEATURES) : g.identity(h, FEATURES);
        if (features4d) {
            g.output(features, ElementType.FLOAT, batch, Dim.of(f), Dim.of(1), Dim.of(1));
        } else {
            g.output(features, ElementType.FLOAT, batch, Dim.of(f));
        }
        if (duplicateFeatures) {
            g.output(g.identity(g.mul(h, g.scalar(2f)), "mixed_pool"), ElementType.FLOAT, batch, Dim.of(f));
        }
        if (classes > 0) {
            String logits = g.add(g.matMul(h, g.initializer("w2", w[2], f, classes)), g.initializer("b2", w[3], classes));
            g.output(g.identity(logits, LOGITS), ElementType.FLOAT, batch, Dim.of(classes));
            if (duplicateLogits) {
                g.output(g.identity(g.add(logits, g.scalar(1f)), "aux_logits"), ElementType.FLOAT, batch, Dim.of(classes));
            }
        }
        g.write(file, ModelMetadata.of("test-stand-in-inception", "1"));
        return file;
    }

    /**
     * Brute-force forward pass of preprocessed images in double.
     *
     * @param images {@code [n][3 * S * S]}
     * @return per image {features [F], logits [C] (empty without logits)}
     */
    double[][][] forward(float[][] images) {
        float[][] w = weights();
        double[][][] out = new double[images.length][][];
        for (int n = 0; n < images.length; n++) {
            out[n] = forward(images[n], w);
        }
        return out;
    }

    private double[][] forward(float[] pixels, float[][] w) {
        int s = side;
        int cell = s / GRID;
        double[] pooled = new double[pooled()];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    pooled[c * GRID * GRID + (y / cell) * GRID + x / cell] += pixels[c * s * s + y * s + x];
                }
            }
        }
        for (int i = 0; i < pooled.length; i++) {
            pooled[i] /= cell * cell;
        }
        int f = featureWidth;
        double[] h = new double[f];
        for (int j = 0; j < f; j++) {
            double v = w[1][j];
            for (int i = 0; i < pooled.length; i++) {
                v += pooled[i] * w[0][i * f + j];
            }
            h[j] = Math.max(0, v);
        }
        double[] logits = new double[classes];
        for (int k = 0; k < classes; k++) {
            double v = w[3][k];
            for (int j = 0; j < f; j++) {
                v += h[j] * w[2][j * classes + k];
            }
            logits[k] = v;
        }
        return new double[][] {h, logits};
    }
}
