package org.speaktheart.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.encoder.inference.FeatureBatch;
import org.speaktheart.encoder.network.SpeechEncoderConfig;
import org.speaktheart.encoder.network.SpeechEncoderExport;
import org.speaktheart.encoder.network.SpeechEncoderNetwork;
import org.speaktheart.encoder.training.LanguageAdaptation;

/**
 * An encoder continued from its exported ONNX alone ({@code sta encoder adapt} without
 * {@code --base-checkpoint}): the weights come back exactly, the network computes what the exported one
 * did, training-only parameters start fresh and reproducibly, and files of another configuration are
 * refused by name.
 */
class ContinueFromOnnxTest {
    @TempDir
    Path dir;

    private static Map<String, float[]> values(SpeechEncoderNetwork n) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        for (Pair<String, Parameter> p : n.getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    private static FeatureBatch features(SpeechEncoderConfig c) {
        SplittableRandom r = new SplittableRandom(3);
        int frames = 37;
        float[] data = new float[2 * frames * c.featureDim()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextGaussian();
        }
        return new FeatureBatch(data, new long[] {2, frames, c.featureDim()}, new int[] {frames, 29});
    }

    @Test
    void anExportedEncoderContinuesWithItsOwnWeights() throws Exception {
        SpeechEncoderConfig c = EncoderTestSupport.tinyConfig(12);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpeechEncoderNetwork trained = EncoderTestSupport.initialised(c, m, 7);
            Path file = dir.resolve("encoder.onnx");
            SpeechEncoderExport.write(trained, List.of("en", "ar"), Map.of(), file);

            SpeechEncoderNetwork continued = LanguageAdaptation.fromOnnx(file, c, m, 0, 0, null);
            Map<String, float[]> a = values(trained);
            Map<String, float[]> b = values(continued);
            assertEquals(a.keySet(), b.keySet());
            int same = 0;
            for (String k : a.keySet()) {
                if (k.contains("logitScale")) {
                    continue; // training-only: not in the export
                }
                assertArrayEquals(a.get(k), b.get(k), 0f, k);
                same++;
            }
            assertTrue(same > 20, "weights compared: " + same);
            assertArrayEquals(EncoderTestSupport.export(trained, List.of("en")), EncoderTestSupport.export(continued, List.of("en")),
                    "the continued network exports byte for byte the same model");
            FeatureBatch batch = features(c);
            float[][] before = EncoderTestSupport.djlForward(trained, m, batch);
            float[][] after = EncoderTestSupport.djlForward(continued, m, batch);
            assertArrayEquals(before[0], after[0], 0f, "embedding");
            assertArrayEquals(before[1], after[1], 0f, "frames");
        }
    }

    @Test
    void aCtcHeadStartsFreshAndReproduciblyAndFrozenLayersStayFrozen() throws Exception {
        SpeechEncoderConfig c = EncoderTestSupport.tinyConfig(12);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpeechEncoderNetwork trained = EncoderTestSupport.initialised(c, m, 7);
            Path file = dir.resolve("encoder.onnx");
            SpeechEncoderExport.write(trained, List.of("en"), Map.of(), file);
            SpeechEncoderNetwork one = LanguageAdaptation.fromOnnx(file, c, m, 1, 9, null);
            SpeechEncoderNetwork two = LanguageAdaptation.fromOnnx(file, c, m, 1, 9, null);
            assertEquals(9, one.ctcClasses());
            Map<String, float[]> a = values(trained);
            Map<String, float[]> x = values(one);
            Map<String, float[]> y = values(two);
            int heads = 0;
            for (String k : x.keySet()) {
                assertArrayEquals(x.get(k), y.get(k), 0f, "same file, same network: " + k);
                if (k.contains("ctcHead")) {
                    heads++;
                } else if (!k.contains("logitScale")) {
                    assertArrayEquals(a.get(k), x.get(k), 0f, k);
                }
            }
            assertTrue(heads >= 1, "a CTC head was added: " + x.keySet());
            for (org.speaktheart.core.nn.StaBlock input : one.inputBlocks()) {
                for (Pair<String, Parameter> p : input.getParameters()) {
                    assertFalse(p.getValue().requiresGradient(), "input block frozen: " + p.getKey());
                }
            }
            for (Pair<String, Parameter> p : one.transformerLayers().get(0).getParameters()) {
                assertFalse(p.getValue().requiresGradient(), "layer 0 frozen: " + p.getKey());
            }
            for (Pair<String, Parameter> p : one.transformerLayers().get(1).getParameters()) {
                assertTrue(p.getValue().requiresGradient(), "layer 1 trains: " + p.getKey());
            }
        }
    }

    @Test
    void theTemperatureIsTheRecordedOneUnlessGiven() throws Exception {
        SpeechEncoderConfig c = EncoderTestSupport.tinyConfig(12);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpeechEncoderNetwork trained = EncoderTestSupport.initialised(c, m, 7);
            trained.setTemperature(0.031);
            assertEquals(0.031, trained.temperature(), 1e-6);
            Path recorded = dir.resolve("recorded.onnx");
            SpeechEncoderExport.write(trained, List.of("en"),
                    Map.of(SpeechEncoderExport.KEY_TEMPERATURE, Double.toString(trained.temperature())), recorded);
            Path older = dir.resolve("older.onnx");
            SpeechEncoderExport.write(trained, List.of("en"), Map.of(), older);
            assertEquals(0.031, LanguageAdaptation.fromOnnx(recorded, c, m, 0, 0, null).temperature(), 1e-6);
            assertEquals(SpeechEncoderNetwork.INITIAL_TEMPERATURE, LanguageAdaptation.fromOnnx(older, c, m, 0, 0, null).temperature(),
                    1e-6, "an export without a record starts at the initial temperature");
            assertEquals(0.02, LanguageAdaptation.fromOnnx(recorded, c, m, 0, 0, 0.02).temperature(), 1e-6, "given wins");
            var e = assertThrows(EncoderConfigException.class, () -> LanguageAdaptation.fromOnnx(older, c, m, 0, 0, 0.0));
            assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
            Path bad = dir.resolve("bad.onnx");
            SpeechEncoderExport.write(trained, List.of("en"), Map.of(SpeechEncoderExport.KEY_TEMPERATURE, "warm"), bad);
            e = assertThrows(EncoderConfigException.class, () -> LanguageAdaptation.fromOnnx(bad, c, m, 0, 0, null));
            assertTrue(e.getMessage().contains("'warm'") && e.getMessage().contains("pass one explicitly"), e.getMessage());
        }
    }

    @Test
    void aFileOfAnotherConfigurationOrMissingAWeightIsRefusedByName() throws Exception {
        SpeechEncoderConfig c = EncoderTestSupport.tinyConfig(12);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Path file = dir.resolve("encoder.onnx");
            SpeechEncoderExport.write(EncoderTestSupport.initialised(c, m, 7), List.of("en"), Map.of(), file);
            SpeechEncoderConfig wider = EncoderTestSupport.tinyConfig(16);
            var e = assertThrows(EncoderConfigException.class, () -> LanguageAdaptation.fromOnnx(file, wider, m, 0, 0, null));
            assertTrue(e.getMessage().contains("encoder.onnx") && e.getMessage().contains("another configuration"),
                    e.getMessage());

            OnnxMl.ModelProto.Builder b = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file)).toBuilder();
            OnnxMl.GraphProto.Builder g = b.getGraphBuilder();
            String removed = null;
            for (int i = 0; i < g.getInitializerCount(); i++) {
                if (g.getInitializer(i).getName().contains("layer1")) {
                    removed = g.getInitializer(i).getName();
                    g.removeInitializer(i);
                    break;
                }
            }
            Path cut = dir.resolve("cut.onnx");
            Files.write(cut, b.build().toByteArray());
            String name = removed;
            e = assertThrows(EncoderConfigException.class, () -> LanguageAdaptation.fromOnnx(cut, c, m, 0, 0, null));
            assertTrue(e.getMessage().contains("cut.onnx") && e.getMessage().contains("'" + name + "'"), e.getMessage());

            Path junk = dir.resolve("junk.onnx");
            Files.writeString(junk, "not a model");
            e = assertThrows(EncoderConfigException.class, () -> LanguageAdaptation.fromOnnx(junk, c, m, 0, 0, null));
            assertTrue(e.getMessage().contains("junk.onnx"), e.getMessage());
            e = assertThrows(EncoderConfigException.class, () -> LanguageAdaptation.fromOnnx(file, c, m, 3, 0, null));
            assertTrue(e.getMessage().contains("frozenLayers must be in 0..2"), e.getMessage());
        }
    }
}
