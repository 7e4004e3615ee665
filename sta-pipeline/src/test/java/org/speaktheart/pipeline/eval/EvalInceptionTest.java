package org.speaktheart.pipeline.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.pipeline.eval.InceptionPreprocessing.Normalisation;

/**
 * {@link InceptionNetwork} on a stand-in Inception ONNX written with the project's exporter
 * ({@link StandInInception}): its features and logits against a brute-force Java forward pass, the
 * preprocessing on hand-made pixels, the standard FID of 2048-d features against closed forms, and
 * every refusal with its message.
 */
class EvalInceptionTest {
    @TempDir
    static Path dir;
    private static Path standIn;

    @BeforeAll
    static void writeTheStandIn() {
        standIn = StandInInception.defaults().write(dir.resolve("stand-in.onnx"));
    }

    private static InceptionNetwork load(Path file, InceptionOptions options) {
        return InceptionNetwork.load(file, options, RuntimeConfig.defaults());
    }

    /** Random images of several sizes (non-square, smaller and larger than S, some translucent). */
    private static List<BufferedImage> randomImages(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] sizes = {{40, 40}, {64, 64}, {50, 30}, {96, 80}, {17, 23}};
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] wh = sizes[i % sizes.length];
            boolean alpha = i % 3 == 0;
            BufferedImage im = new BufferedImage(wh[0], wh[1], alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < wh[1]; y++) {
                for (int x = 0; x < wh[0]; x++) {
                    int a = alpha ? r.nextInt(256) : 255;
                    im.setRGB(x, y, a << 24 | r.nextInt(1 << 24));
                }
            }
            images.add(im);
        }
        return images;
    }

    private static float[][] preprocessed(InceptionNetwork network, List<BufferedImage> images) {
        float[][] out = new float[images.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = network.preprocessing().apply(images.get(i));
        }
        return out;
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Test
    void featuresAndLogitsMatchABruteForceForward() {
        List<BufferedImage> images = randomImages(18, 1); // more than one batch of 16
        try (InceptionNetwork network = load(standIn, InceptionOptions.defaults())) {
            assertEquals(64, network.imageSize());
            assertEquals(StandInInception.INPUT, network.input());
            assertEquals(StandInInception.FEATURES, network.featuresOutput());
            assertEquals(StandInInception.LOGITS, network.logitsOutput());
            InceptionNetwork.Activations a = network.activations(images);
            double[][][] expected = StandInInception.defaults().forward(preprocessed(network, images));
            double worstFeature = 0;
            double worstLogit = 0;
            for (int i = 0; i < images.size(); i++) {
                assertEquals(2048, a.features()[i].length);
                assertEquals(1008, a.logits()[i].length);
                worstFeature = Math.max(worstFeature, Tolerance.maxAbsDiff(toFloats(expected[i][0]), a.features()[i]));
                worstLogit = Math.max(worstLogit, Tolerance.maxAbsDiff(toFloats(expected[i][1]), a.logits()[i]));
            }
            System.out.printf(Locale.ROOT, "[inception-test] ONNX vs brute force over 18 images: features %.2e, logits %.2e%n",
                    worstFeature, worstLogit);
            assertTrue(worstFeature < 1e-4, "features max abs diff " + worstFeature);
            assertTrue(worstLogit < 1e-4, "logits max abs diff " + worstLogit);
            // The features are post-ReLU activations of varied images, not a constant: the comparison means something.
            assertTrue(a.features()[0][0] != a.features()[1][0] || a.features()[0][1] != a.features()[1][1]);
        }
    }

    @Test
    void fourDimensionalFeaturesAndAFixedBatchSizeGiveTheSameRows() {
        StandInInception spec = StandInInception.defaults().withFeatures4d().withFixedBatch(3).withClasses(1000);
        Path file = spec.write(dir.resolve("four-d-batch-3.onnx"));
        List<BufferedImage> images = randomImages(7, 2); // 3 + 3 + 1 padded with two empty images
        try (InceptionNetwork network = load(file, InceptionOptions.builder().normalisation(Normalisation.IMAGENET).build())) {
            InceptionNetwork.Activations a = network.activations(images);
            assertEquals(7, a.features().length);
            double[][][] expected = spec.forward(preprocessed(network, images));
            for (int i = 0; i < 7; i++) {
                Tolerance.PARITY.assertClose(toFloats(expected[i][0]), a.features()[i], "features of image " + i);
                Tolerance.PARITY.assertClose(toFloats(expected[i][1]), a.logits()[i], "logits of image " + i);
            }
        }
    }

    @Test
    void aModelWithoutLogitsGivesFeaturesOnly() {
        Path file = StandInInception.defaults().withClasses(0).write(dir.resolve("no-logits.onnx"));
        try (InceptionNetwork network = load(file, InceptionOptions.defaults())) {
            assertFalse(network.hasLogits());
            assertNull(network.logitsOutput());
            InceptionNetwork.Activations a = network.activations(randomImages(2, 3));
            assertNull(a.logits());
            assertEquals(2048, a.features()[1].length);
        }
    }

    @Test
    void resizeAndNormalisationOfHandMadePixels() {
        // 2 x 2 image, black left column, white right column, upscaled to 4 x 4 with half-pixel centres:
        // output x samples source x' = (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25 -> clamp -> 0, 0.25, 0.75, 1
        // i.e. values 0, 63.75, 191.25, 255 along every row, in every channel.
        BufferedImage im = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        im.setRGB(1, 0, 0xFFFFFF);
        im.setRGB(1, 1, 0xFFFFFF);
        float[] minus = new InceptionPreprocessing(4, Normalisation.MINUS_ONE_ONE).apply(im);
        float[] row = {-1f, -0.5f, 0.5f, 1f};
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    assertEquals(row[x], minus[c * 16 + y * 4 + x], 1e-6, "channel " + c + " (" + x + ", " + y + ")");
                }
            }
        }
        float[] imagenet = new InceptionPreprocessing(4, Normalisation.IMAGENET).apply(im);
        double[] mean = {0.485, 0.456, 0.406};
        double[] std = {0.229, 0.224, 0.225};
        double[] values = {0, 63.75, 191.25, 255};
        for (int c = 0; c < 3; c++) {
            for (int x = 0; x < 4; x++) {
                assertEquals((values[x] / 255 - mean[c]) / std[c], imagenet[c * 16 + 2 * 4 + x], 1e-5, "imagenet c" + c + " x" + x);
            }
        }

        // 4 x 4 -> 2 x 2 samples at 2X + 0.5: the mean of each 2 x 2 block. Source 10 x + 40 y in red only.
        BufferedImage ramp = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                ramp.setRGB(x, y, (10 * x + 40 * y) << 16);
            }
        }
        float[] down = new InceptionPreprocessing(2, Normalisation.MINUS_ONE_ONE).apply(ramp);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                double block = 10 * (2 * x + 0.5) + 40 * (2 * y + 0.5);
                assertEquals(block / 127.5 - 1, down[y * 2 + x], 1e-6, "red block (" + x + ", " + y + ")");
                assertEquals(-1, down[4 + y * 2 + x], 0, "green stays 0");
            }
        }

        // Non-square 4 x 2 -> 2 x 2: x halves (pair means), y unchanged.
        BufferedImage wide = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        int[] blue = {0, 100, 200, 250};
        for (int x = 0; x < 4; x++) {
            wide.setRGB(x, 0, blue[x]);
            wide.setRGB(x, 1, 255 - blue[x]);
        }
        float[] squeezed = InceptionPreprocessing.resizeBilinear(InceptionPreprocessing.rgbOnWhite(wide), 2 * 8, 4, 2, 2);
        assertArrayEquals(new float[] {50, 225, 205, 30}, squeezed, 1e-4f);

        // Translucent red (alpha 128) on white: R 255, G = B = 255 (1 - 128/255) = 127.
        BufferedImage translucent = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        translucent.setRGB(0, 0, 0x80FF0000);
        float[] t = new InceptionPreprocessing(1, Normalisation.MINUS_ONE_ONE).apply(translucent);
        assertArrayEquals(new float[] {1f, 127f / 127.5f - 1, 127f / 127.5f - 1}, t, 1e-6f);

        // An image of the network's size passes unchanged.
        BufferedImage same = randomImages(2, 9).get(1); // 64 x 64, opaque
        float[] exact = new InceptionPreprocessing(64, Normalisation.MINUS_ONE_ONE).apply(same);
        for (int y = 0; y < 64; y += 7) {
            for (int x = 0; x < 64; x += 5) {
                int p = same.getRGB(x, y);
                assertEquals(((p >> 8) & 0xFF) / 127.5f - 1, exact[64 * 64 + y * 64 + x], 1e-6, "green at (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void fidOfTwoThousandFortyEightDimensionalFeaturesMatchesTheClosedForms() {
        float[][] features;
        try (InceptionNetwork network = load(standIn, InceptionOptions.defaults())) {
            features = network.activations(randomImages(24, 4)).features();
        }
        int n = features.length;
        int d = features[0].length;
        assertEquals(2048, d);
        // tr S and |mu|^2 by hand.
        double[] mu = new double[d];
        for (float[] row : features) {
            for (int j = 0; j < d; j++) {
                mu[j] += row[j] / (double) n;
            }
        }
        double traceS = 0;
        double mu2 = 0;
        for (int j = 0; j < d; j++) {
            for (float[] row : features) {
                traceS += (row[j] - mu[j]) * (row[j] - mu[j]) / (n - 1);
            }
            mu2 += mu[j] * mu[j];
        }
        double self = FrechetDistance.between(features, features);
        System.out.printf(Locale.ROOT, "[inception-test] FID(F, F) = %.3e with tr S = %.4f, |mu|^2 = %.4f%n", self, traceS, mu2);
        assertTrue(traceS > 1, "the features vary: tr S = " + traceS);
        assertTrue(self < 1e-9 * traceS, "a set against itself: " + self);
        // Adding a constant vector moves only the mean: FID = |delta|^2 (the covariance is unchanged up to float rounding).
        SplittableRandom r = new SplittableRandom(5);
        float[] delta = new float[d];
        double norm2 = 0;
        for (int j = 0; j < d; j++) {
            delta[j] = (float) (0.05 * r.nextGaussian());
            norm2 += (double) delta[j] * delta[j];
        }
        float[][] shifted = new float[n][d];
        float[][] doubled = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                shifted[i][j] = features[i][j] + delta[j];
                doubled[i][j] = 2 * features[i][j];
            }
        }
        double fid = FrechetDistance.between(features, shifted);
        System.out.printf(Locale.ROOT, "[inception-test] FID(F, F + delta) = %.6f, |delta|^2 = %.6f%n", fid, norm2);
        new Tolerance(1e-6 * traceS, 1e-6).assertClose(norm2, fid, "shifted set");
        // Scaling by 2: mu -> 2 mu, S -> 4 S, so FID = |mu|^2 + tr(S + 4 S - 2 * 2 S) = |mu|^2 + tr S.
        double scaled = FrechetDistance.between(features, doubled);
        System.out.printf(Locale.ROOT, "[inception-test] FID(F, 2 F) = %.6f, |mu|^2 + tr S = %.6f%n", scaled, mu2 + traceS);
        new Tolerance(1e-6 * traceS, 1e-9).assertClose(mu2 + traceS, scaled, "scaled set");
    }

    @Test
    void sha256IdentifiesTheFile() throws Exception {
        try (InceptionNetwork network = load(standIn, InceptionOptions.defaults())) {
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(standIn)));
            assertEquals(expected, network.sha256());
            assertEquals(64, network.sha256().length());
            assertEquals(standIn, network.file());
        }
    }

    @Test
    void namedOutputsResolveAmbiguity() {
        Path both = StandInInception.defaults().withDuplicateFeatures().withDuplicateLogits().write(dir.resolve("duplicates.onnx"));
        List<BufferedImage> images = randomImages(3, 6);
        float[][] reference;
        try (InceptionNetwork plain = load(standIn, InceptionOptions.defaults())) {
            reference = plain.activations(images).features();
        }
        try (InceptionNetwork network = load(both, InceptionOptions.builder().featuresOutput("mixed_pool").logitsOutput("aux_logits").build())) {
            float[][] doubled = network.activations(images).features();
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 2048; j += 97) {
                    assertEquals(2 * reference[i][j], doubled[i][j], 1e-5, "the named output is the one read");
                }
            }
        }
        try (InceptionNetwork network = load(both, InceptionOptions.builder().featuresOutput("pool_3").logitsOutput("logits").build())) {
            assertArrayEquals(reference[2], network.activations(images).features()[2], 1e-6f);
        }
    }

    @Test
    void modelsThatDoNotFitAreRefusedWithWhatWasFound() throws Exception {
        EvaluationException missing = assertThrows(EvaluationException.class,
                () -> load(dir.resolve("absent.onnx"), InceptionOptions.defaults()));
        assertTrue(missing.getMessage().contains("does not exist") && missing.getMessage().contains("ships and downloads none"),
                missing.getMessage());

        Path text = Files.writeString(dir.resolve("not-a-model.onnx"), "this is not an ONNX model\n");
        EvaluationException notOnnx = assertThrows(EvaluationException.class, () -> load(text, InceptionOptions.defaults()));
        assertTrue(notOnnx.getMessage().contains("cannot load Inception model") && notOnnx.getMessage().contains("accepted:"),
                notOnnx.getMessage());

        Path narrow = StandInInception.defaults().withFeatureWidth(1024).write(dir.resolve("narrow.onnx"));
        EvaluationException no2048 = assertThrows(EvaluationException.class, () -> load(narrow, InceptionOptions.defaults()));
        assertTrue(no2048.getMessage().contains("no output of width 2048"), no2048.getMessage());
        assertTrue(no2048.getMessage().contains("pool_3: FLOAT [batch, 1024]"), "lists the outputs: " + no2048.getMessage());
        assertTrue(no2048.getMessage().contains("images: FLOAT [batch, 3, 64, 64]"), "lists the inputs: " + no2048.getMessage());

        Path duplicates = StandInInception.defaults().withDuplicateFeatures().write(dir.resolve("two-pools.onnx"));
        EvaluationException ambiguous = assertThrows(EvaluationException.class, () -> load(duplicates, InceptionOptions.defaults()));
        assertTrue(ambiguous.getMessage().contains("[pool_3, mixed_pool]") && ambiguous.getMessage().contains("--inception-features"),
                ambiguous.getMessage());

        Path twoLogits = StandInInception.defaults().withDuplicateLogits().write(dir.resolve("two-logits.onnx"));
        EvaluationException ambiguousLogits = assertThrows(EvaluationException.class, () -> load(twoLogits, InceptionOptions.defaults()));
        assertTrue(ambiguousLogits.getMessage().contains("[logits, aux_logits]")
                && ambiguousLogits.getMessage().contains("--inception-logits"), ambiguousLogits.getMessage());

        Path flat = StandInInception.defaults().withFlatInput().write(dir.resolve("flat-input.onnx"));
        EvaluationException rank = assertThrows(EvaluationException.class, () -> load(flat, InceptionOptions.defaults()));
        assertTrue(rank.getMessage().contains("rank 2") && rank.getMessage().contains("[N, 3, S, S]"), rank.getMessage());

        EvaluationException unknown = assertThrows(EvaluationException.class,
                () -> load(standIn, InceptionOptions.builder().featuresOutput("nope").build()));
        assertTrue(unknown.getMessage().contains("no output 'nope'") && unknown.getMessage().contains("logits: FLOAT [batch, 1008]"),
                unknown.getMessage());
        EvaluationException wrongWidth = assertThrows(EvaluationException.class,
                () -> load(standIn, InceptionOptions.builder().featuresOutput("logits").build()));
        assertTrue(wrongWidth.getMessage().contains("output 'logits' is [batch, 1008]")
                && wrongWidth.getMessage().contains("width 2048"), wrongWidth.getMessage());

        EvaluationException name = assertThrows(EvaluationException.class, () -> Normalisation.fromKey("zero-one"));
        assertTrue(name.getMessage().contains("'zero-one'") && name.getMessage().contains("[minus-one-one, imagenet]"), name.getMessage());
        assertEquals(Normalisation.IMAGENET, Normalisation.fromKey("imagenet"));
        assertThrows(EvaluationException.class, () -> InceptionOptions.builder().featuresOutput(" ").build());
        assertThrows(EvaluationException.class, () -> InceptionOptions.builder().normalisation(null).build());
        assertThrows(EvaluationException.class, () -> new InceptionPreprocessing(0, Normalisation.IMAGENET));
    }
}
