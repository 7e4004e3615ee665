package org.speaktheart.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.core.onnx.Dim;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;
import org.speaktheart.core.runtime.ModelLoadException;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.testing.BlockParity;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.encoder.inference.ExternalFrontEnd;
import org.speaktheart.encoder.inference.FeatureBatch;
import org.speaktheart.encoder.inference.SpeechEmbedding;
import org.speaktheart.encoder.inference.SpeechEncoder;
import org.speaktheart.encoder.network.SpeechEncoderConfig;
import org.speaktheart.encoder.network.SpeechEncoderExport;
import org.speaktheart.encoder.network.SpeechEncoderNetwork;

/** The external front-end contract, with a tiny model exported by the test itself. */
class ExternalFrontEndTest {
    private static final RuntimeConfig RT = RuntimeConfig.builder().intraOpThreads(1).build();

    private static AudioClip clip(int samples, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (float) (0.4 * Math.sin(i * 0.03 * (1 + seed)) + 0.1 * r.nextGaussian());
        }
        return AudioClip.of(x, 16000);
    }

    @Test
    void frontEndFollowsTheContractAndItsReference() {
        TinyFrontEndModel tiny = new TinyFrontEndModel(6, 3, 5);
        AudioClip a = clip(16000, 1);
        AudioClip b = clip(6400, 2);
        try (ExternalFrontEnd fe = ExternalFrontEnd.load(tiny.export(), RT, "tiny-ssl")) {
            assertEquals(3, fe.layers());
            assertEquals(6, fe.hiddenSize());
            FeatureBatch batch = fe.features(List.of(a, b));
            int t0 = (16000 - 400) / 320 + 1;
            int t1 = (6400 - 400) / 320 + 1;
            assertArrayEquals(new int[] {t0, t1}, batch.frames());
            assertArrayEquals(new long[] {2, 3, t0, 6}, batch.shape());
            // values against the plain-Java reference, including item 1 (padded) and the last layer
            int[][] probes = {{0, 0, 0, 0}, {0, 2, t0 - 1, 5}, {1, 1, 3, 2}, {1, 2, t1 - 1, 4}};
            for (int[] p : probes) {
                float[] wave = (p[0] == 0 ? a : b).samples();
                double expected = tiny.reference(wave, p[1], p[2], p[3]);
                float actual = batch.data()[((p[0] * 3 + p[1]) * t0 + p[2]) * 6 + p[3]];
                Tolerance.absolute(1e-5).assertClose(expected, actual, "hidden state " + java.util.Arrays.toString(p));
            }
            // padding of item 1 is zero
            assertEquals(0f, batch.data()[((1 * 3 + 2) * t0 + t1) * 6]);
        }
    }

    @Test
    void encoderOnExternalFrontEndMatchesDjlAndIgnoresPadding() {
        TinyFrontEndModel tiny = new TinyFrontEndModel(8, 3, 9);
        SpeechEncoderConfig config = SpeechEncoderConfig.builder().external("{\"model\":\"tiny-ssl\"}", 8, 3)
                .maxInputFrames(200).subsamplingLayers(1).width(16).heads(2).layers(2).mlpHidden(32).outputDim(10)
                .dropout(0f).build();
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            Engine.getEngine("PyTorch").setRandomSeed(4);
            SpeechEncoderNetwork n = new SpeechEncoderNetwork(config);
            n.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8), new Shape(1, 8));
            BlockParity.randomizeParameters(n, 77);
            byte[] bytes = SpeechEncoderExport.build(n, List.of("en"), Map.of()).toByteArray();
            try (SpeechEncoder enc = SpeechEncoder.load(bytes, RT, "ext", ExternalFrontEnd.load(tiny.export(), RT, "tiny"))) {
                AudioClip shortClip = clip(9000, 3);
                AudioClip longClip = clip(20000, 4);
                FeatureBatch batch = enc.frontEnd().features(List.of(shortClip, longClip));
                List<SpeechEmbedding> onnx = enc.run(batch, "en");
                float[] djl;
                try (NDManager s = m.newSubManager()) {
                    NDList out = n.forward(new ParameterStore(s, false), new NDList(
                            s.create(batch.data(), new Shape(batch.shape())),
                            s.create(batch.paddingMask(), new Shape(2, batch.maxFrames()))), false);
                    djl = out.get(0).toFloatArray();
                }
                float[] flat = new float[20];
                System.arraycopy(onnx.get(0).vector(), 0, flat, 0, 10);
                System.arraycopy(onnx.get(1).vector(), 0, flat, 10, 10);
                Tolerance.PARITY.assertClose(djl, flat, "external-front-end encoder DJL vs ONNX");
                SpeechEmbedding alone = enc.embed(shortClip);
                Tolerance.absolute(1e-5).assertClose(alone.vector(), onnx.get(0).vector(), "short clip alone vs batched");
                assertTrue(Tolerance.maxAbsDiff(onnx.get(0).vector(), onnx.get(1).vector()) > 1e-3, "clips differ");
            }
        }
    }

    @Test
    void encoderOnExternalFrontEndTrains() throws java.io.IOException {
        // 6 "concepts": tone pairs; 3 clips each with other noise and lengths; synthetic unit targets
        TinyFrontEndModel tiny = new TinyFrontEndModel(8, 3, 13);
        List<AudioClip> clips = new java.util.ArrayList<>();
        List<org.speaktheart.data.manifest.ManifestRecord> records = new java.util.ArrayList<>();
        Map<String, float[]> images = new java.util.HashMap<>();
        SplittableRandom r = new SplittableRandom(8);
        for (int c = 0; c < 6; c++) {
            float[] v = new float[8];
            for (int i = 0; i < 8; i++) {
                v[i] = (float) r.nextGaussian();
            }
            images.put("img" + c, v);
            for (int k = 0; k < 3; k++) {
                float[] x = new float[6400 + 1600 * k];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (0.3 * Math.sin(i * 0.02 * (c + 1)) + 0.3 * Math.sin(i * 0.13 * (6 - c))
                            + 0.05 * r.nextGaussian());
                }
                clips.add(AudioClip.of(x, 16000));
                records.add(org.speaktheart.data.manifest.ManifestRecord.builder().id("c" + c + "k" + k)
                        .imagePath("img" + c).conceptId("img" + c).caption("tone " + c).language("en")
                        .split(org.speaktheart.data.manifest.Split.TRAIN).build());
            }
        }
        var targets = new org.speaktheart.encoder.training.TeacherTargets("synthetic", images, images);
        var data = org.speaktheart.encoder.training.DistillationData.of(clips, records, targets);
        SpeechEncoderConfig config = SpeechEncoderConfig.builder().external("{\"model\":\"tiny-ssl\"}", 8, 3)
                .maxInputFrames(100).subsamplingLayers(1).width(16).heads(2).layers(1).mlpHidden(32).outputDim(8)
                .dropout(0f).build();
        java.nio.file.Path metrics = java.nio.file.Files.createTempFile("ext-metrics", ".jsonl");
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
                ExternalFrontEnd fe = ExternalFrontEnd.load(tiny.export(), RT, "tiny")) {
            SpeechEncoderNetwork n = org.speaktheart.encoder.training.EncoderTrainer.newNetwork(config, m, 2);
            var task = new org.speaktheart.encoder.training.DistillationTask(n, data,
                    new org.speaktheart.encoder.training.DistillationConfig(4, 0.5, 100,
                            org.speaktheart.encoder.training.Augmentation.none()), fe);
            try (var loop = new org.speaktheart.core.train.TrainingLoop(n, org.speaktheart.core.train.TrainingConfig
                    .builder().steps(80).seed(3).learningRate(3e-3).metricsFile(metrics).build())) {
                loop.run(task);
            }
            List<String> lines = java.nio.file.Files.readAllLines(metrics);
            double first = 0;
            double last = 0;
            for (int i = 0; i < 10; i++) {
                first += com.google.gson.JsonParser.parseString(lines.get(i)).getAsJsonObject().get("loss").getAsDouble();
                last += com.google.gson.JsonParser.parseString(lines.get(lines.size() - 1 - i)).getAsJsonObject()
                        .get("loss").getAsDouble();
            }
            System.out.printf("external front end training: loss %.3f -> %.3f%n", first / 10, last / 10);
            assertTrue(last < 0.7 * first, "loss fell: " + first / 10 + " -> " + last / 10);
            float[] layerWeights = null;
            for (var p : n.getParameters()) {
                if (p.getKey().contains("layerSum")) {
                    layerWeights = p.getValue().getArray().toFloatArray();
                }
            }
            assertTrue(Tolerance.maxAbsDiff(new float[3], layerWeights) > 1e-4, "layer weights learned");
        } finally {
            java.nio.file.Files.deleteIfExists(metrics);
        }
    }

    @Test
    void modelsOutsideTheContractAreRefused() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("wrong");
        String x = g.input("audio", ElementType.FLOAT, Dim.of(1), Dim.sym("samples"));
        g.output(g.identity(g.unary("Tanh", x), "out"), ElementType.FLOAT, Dim.of(1), Dim.sym("samples"));
        byte[] wrong = g.build(ModelMetadata.of("wrong", "1")).toByteArray();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ExternalFrontEnd.load(wrong, RT, "wrong"));
        assertTrue(e.getMessage().contains("waveform"), e.getMessage());
        // a front end is required by an external-front-end encoder and refused by a log-mel one
        ModelLoadException e2 = assertThrows(ModelLoadException.class, () -> SpeechEncoder.load(wrong, RT, "wrong"));
        assertTrue(e2.getMessage().contains("not an STA speech encoder"), e2.getMessage());
    }
}
