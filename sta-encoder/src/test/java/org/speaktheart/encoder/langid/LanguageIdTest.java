package org.speaktheart.encoder.langid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.onnx.Dim;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;
import org.speaktheart.core.runtime.ModelLoadException;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;
import org.speaktheart.core.testing.BlockParity;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.encoder.EncoderConfigException;
import org.speaktheart.encoder.EncoderInputException;
import org.speaktheart.encoder.inference.SpeechEmbedding;
import org.speaktheart.teacher.Embeddings;

/** Language identification: pooling against a two-pass reference, export parity, training on separable data, refusals. */
class LanguageIdTest {
    @TempDir
    Path dir;

    @Test
    void poolingMatchesTwoPassMeanAndStd() {
        SplittableRandom r = new SplittableRandom(3);
        float[][] frames = new float[37][6];
        for (float[] f : frames) {
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) (5 + 2 * r.nextGaussian());
            }
        }
        float[] pooled = FramePooling.meanAndStd(frames);
        assertEquals(12, pooled.length);
        for (int i = 0; i < 6; i++) {
            double mean = 0;
            for (float[] f : frames) {
                mean += f[i];
            }
            mean /= frames.length;
            double var = 0;
            for (float[] f : frames) {
                var += (f[i] - mean) * (f[i] - mean);
            }
            assertEquals(mean, pooled[i], 1e-5);
            assertEquals(Math.sqrt(var / frames.length), pooled[6 + i], 1e-4);
        }
        float[] single = FramePooling.meanAndStd(new float[][] {{1f, -2f}});
        assertEquals(List.of(1f, -2f, 0f, 0f), List.of(single[0], single[1], single[2], single[3]));
        assertThrows(EncoderInputException.class, () -> FramePooling.meanAndStd(new float[0][]));
        assertThrows(EncoderInputException.class, () -> FramePooling.meanAndStd(new float[][] {{1f}, {1f, 2f}}));
    }

    @Test
    void exportedNetworkMatchesDjl() {
        SplittableRandom r = new SplittableRandom(5);
        float[] mean = new float[10];
        float[] invStd = new float[10];
        for (int i = 0; i < 10; i++) {
            mean[i] = (float) r.nextGaussian();
            invStd[i] = (float) (0.5 + r.nextDouble());
        }
        float[] x = BlockParity.gaussian(9, 4 * 10, 2.0);
        LanguageIdNetwork network = new LanguageIdNetwork(mean, invStd, 3);
        network.calibrate(2.5);
        BlockParity.Result p = BlockParity.run(network, 11, Tensor.ofFloats(x, 4, 10));
        Tolerance.PARITY.assertClose(p.djl(), p.onnx(), "LanguageIdNetwork");
        assertEquals(12, p.djl().length);
    }

    @Test
    void temperatureMinimisesHeldOutNllOnAFineGrid() {
        // over-confident logits: right with margin 6 on 8 rows, wrong with margin 6 on 2
        double[][] logits = new double[10][];
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            logits[i] = new double[] {i < 8 ? 6 : 0, i < 8 ? 0 : 6, 1};
        }
        double t = LanguageIdTrainer.fitTemperature(logits, labels);
        double best = Double.NaN;
        double bestNll = Double.POSITIVE_INFINITY;
        for (double lt = Math.log(0.05); lt <= Math.log(1000); lt += 1e-4) {
            double nll = LanguageIdTrainer.meanNll(logits, labels, Math.exp(lt));
            if (nll < bestNll) {
                bestNll = nll;
                best = Math.exp(lt);
            }
        }
        assertEquals(best, t, best * 1e-3);
        assertTrue(t > 1, "over-confident logits are softened, T = " + t);
        assertTrue(LanguageIdTrainer.meanNll(logits, labels, t) < LanguageIdTrainer.meanNll(logits, labels, 1));
        // NLL at T = 1 by hand for one right row: log(e^6 + 1 + e) - 6
        assertEquals(Math.log(Math.exp(6) + 1 + Math.E) - 6,
                LanguageIdTrainer.meanNll(new double[][] {logits[0]}, new int[] {0}, 1), 1e-12);
    }

    @Test
    void learnsSeparableLanguagesAndIdentifiesHeldOutClips() throws Exception {
        // Two "languages" whose pooled vectors differ in mean along a few of 16 dimensions, with unequal
        // clip counts: the balanced draw must not let the larger class win by default.
        List<float[]> train = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(21);
        for (int i = 0; i < 300; i++) {
            train.add(sample(r, i % 4 == 0));
            labels.add(i % 4 == 0 ? "ar" : "en");
        }
        Path encoder = Files.writeString(dir.resolve("encoder.onnx"), "stand-in encoder bytes");
        Path out = dir.resolve("langid.onnx");
        List<float[]> calibration = new ArrayList<>();
        List<String> calibrationLabels = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calibration.add(sample(r, i % 2 == 0));
            calibrationLabels.add(i % 2 == 0 ? "ar" : "en");
        }
        LanguageIdTrainer.Result result = LanguageIdTrainer.train(encoder, train, labels, List.of("en", "ar"), calibration,
                calibrationLabels, new LanguageIdTrainingConfig(150, 32, 0.02, 0.01, 4), out, s -> { });
        assertTrue(result.calibrationNll()[1] <= result.calibrationNll()[0], "calibration cannot raise its own NLL");
        assertTrue(result.temperature() > 0 && result.temperature() != 1, "T = " + result.temperature());
        assertEquals(Map.of("en", 225, "ar", 75), result.clipsPerLanguage());
        assertTrue(result.trainAccuracy() > 0.95, "training accuracy " + result.trainAccuracy());

        try (LanguageIdentifier id = LanguageIdentifier.load(out, RuntimeConfig.defaults())) {
            assertEquals(List.of("en", "ar"), id.languages());
            assertEquals(32, id.featureDim());
            assertEquals(Embeddings.sha256(encoder), id.encoderSha256());
            assertEquals(result.temperature(), Double.parseDouble(id.properties().get("sta.langid.temperature")), 1e-6);
            List<float[]> held = new ArrayList<>();
            List<String> truth = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                held.add(sample(r, i % 2 == 0));
                truth.add(i % 2 == 0 ? "ar" : "en");
            }
            List<LanguageGuess> guesses = id.identifyPooled(held);
            for (LanguageGuess g : guesses) {
                assertEquals(1.0, g.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
                assertEquals(g.probabilities().get(g.language()), g.probability(), 0);
                assertTrue(g.probability() >= 0.5);
            }
            Map<String, LanguageIdAccuracy> acc = LanguageIdAccuracy.byGroup(guesses, truth, truth);
            assertEquals(200, acc.get("all").total());
            assertEquals(100, acc.get("ar").total());
            assertTrue(acc.get("ar").accuracy() > 0.9 && acc.get("en").accuracy() > 0.9, acc.toString());

            // identify(SpeechEmbedding) pools the frames first: a clip whose frames all equal a mean vector
            float[] m = sample(new SplittableRandom(99), true);
            float[][] frames = {java.util.Arrays.copyOf(m, 16), java.util.Arrays.copyOf(m, 16)};
            float[] pooled = FramePooling.meanAndStd(frames);
            LanguageGuess viaFrames = id.identify(new SpeechEmbedding(new float[] {1f}, frames, "en,ar"));
            assertEquals(id.identifyPooled(List.of(pooled)).get(0).probability(), viaFrames.probability(), 1e-12);

            EncoderInputException wide = assertThrows(EncoderInputException.class,
                    () -> id.identifyPooled(List.of(new float[8])));
            assertTrue(wide.getMessage().contains("reads 32"), wide.getMessage());
            assertThrows(EncoderInputException.class, () -> id.identifyPooled(List.of()));
        }
    }

    /** A pooled vector: 16 "means" then 16 "stds"; Arabic is shifted on the first three means. */
    private static float[] sample(SplittableRandom r, boolean arabic) {
        float[] v = new float[32];
        for (int i = 0; i < 32; i++) {
            v[i] = (float) (r.nextGaussian() + (i >= 16 ? 3 : 0));
        }
        if (arabic) {
            for (int i = 0; i < 3; i++) {
                v[i] += 2.5f;
            }
        }
        return v;
    }

    @Test
    void refusesBadTrainingInputAndForeignModels() throws Exception {
        Path encoder = Files.writeString(dir.resolve("e.onnx"), "x");
        Path out = dir.resolve("l.onnx");
        LanguageIdTrainingConfig c = new LanguageIdTrainingConfig(2, 4, 0.01, 0, 1);
        List<float[]> two = List.of(new float[4], new float[4]);
        assertTrue(assertThrows(EncoderInputException.class, () -> LanguageIdTrainer.train(encoder, two, List.of("en"),
                List.of("en", "ar"), c, out, s -> { })).getMessage().contains("one language label per clip"));
        assertTrue(assertThrows(EncoderInputException.class, () -> LanguageIdTrainer.train(encoder, two,
                List.of("en", "fr"), List.of("en", "ar"), c, out, s -> { })).getMessage().contains("'fr', not one of [en, ar]"));
        assertTrue(assertThrows(EncoderInputException.class, () -> LanguageIdTrainer.train(encoder, two,
                List.of("en", "en"), List.of("en", "ar"), c, out, s -> { })).getMessage().contains("no training clip in language 'ar'"));
        assertTrue(assertThrows(EncoderInputException.class, () -> LanguageIdTrainer.train(encoder, two,
                List.of("en", "en"), List.of("en"), c, out, s -> { })).getMessage().contains("at least 2 distinct languages"));
        assertThrows(EncoderConfigException.class, () -> new LanguageIdTrainingConfig(0, 4, 0.01, 0, 1));
        assertThrows(EncoderConfigException.class, () -> new LanguageIdTrainingConfig(1, 4, -1, 0, 1));
        assertTrue(Files.notExists(out), "nothing written after a refusal");

        OnnxGraphBuilder g = new OnnxGraphBuilder("other");
        String in = g.input("pooled_frames", ElementType.FLOAT, Dim.sym("batch"), Dim.of(4));
        g.output(g.identity(in, "logits"), ElementType.FLOAT, Dim.sym("batch"), Dim.of(4));
        Path foreign = dir.resolve("foreign.onnx");
        Files.write(foreign, g.build(ModelMetadata.of("sta-eval-judge", "1")).toByteArray());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> LanguageIdentifier.load(foreign, RuntimeConfig.defaults()));
        assertTrue(e.getMessage().contains("expected 'sta-language-identifier'"), e.getMessage());
    }
}
