package org.speaktheart.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.audio.augment.SpecAugment;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.train.CheckpointStore;
import org.speaktheart.core.train.LrDecay;
import org.speaktheart.core.train.StepOutput;
import org.speaktheart.core.train.TrainingConfig;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.data.shapes.ShapesCorpus;
import org.speaktheart.encoder.eval.EncoderEvaluation;
import org.speaktheart.encoder.eval.Retrieval;
import org.speaktheart.encoder.eval.RetrievalResult;
import org.speaktheart.encoder.inference.EncoderRegistry;
import org.speaktheart.encoder.inference.SpeechEncoder;
import org.speaktheart.encoder.network.SpeechEncoderConfig;
import org.speaktheart.encoder.network.SpeechEncoderExport;
import org.speaktheart.encoder.network.SpeechEncoderNetwork;
import org.speaktheart.encoder.training.Augmentation;
import org.speaktheart.encoder.training.CaptionAlphabet;
import org.speaktheart.encoder.training.DistillationConfig;
import org.speaktheart.encoder.training.DistillationData;
import org.speaktheart.encoder.training.DistillationTask;
import org.speaktheart.encoder.training.LanguageAdaptation;
import org.speaktheart.encoder.training.TeacherTargets;

/**
 * Tiny distillation on the shapes corpus with speech (espeak-ng): 12 pictures, English and Arabic,
 * synthetic teacher targets (seeded random unit vectors per picture; per concept, the picture's vector
 * plus noise as the text vector).
 */
class DistillationTrainingTest {
    private static final int DIM = 16;
    @TempDir
    static Path dir;
    static Manifest manifest;
    static TeacherTargets targets;

    @BeforeAll
    static void corpus() {
        manifest = ShapesCorpus.tiny(dir.resolve("shapes"), true);
        SplittableRandom r = new SplittableRandom(42);
        Map<String, float[]> images = new HashMap<>();
        Map<String, float[]> texts = new HashMap<>();
        for (ManifestRecord rec : manifest.records()) {
            float[] image = images.computeIfAbsent(rec.imagePath(), k -> gaussian(r));
            // a coherent teacher: the caption's text vector lies near its picture's image vector
            texts.computeIfAbsent(rec.conceptId(), k -> {
                float[] t = gaussian(r);
                for (int i = 0; i < DIM; i++) {
                    t[i] = image[i] + 0.3f * t[i];
                }
                return t;
            });
        }
        targets = new TeacherTargets("synthetic-random-unit", images, texts);
    }

    private static float[] gaussian(SplittableRandom r) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static SpeechEncoderConfig config() {
        return SpeechEncoderConfig.builder().maxInputFrames(1300).subsamplingLayers(2).width(32).heads(2).layers(2)
                .mlpHidden(64).outputDim(DIM).dropout(0f).build();
    }

    @Test
    void retrievalMetricCountsRanks() {
        float[][] gallery = {{1, 0}, {0, 1}, {-1, 0}};
        float[][] queries = {{1, 0.1f}, {0.9f, 0.5f}, {-1, 0}};
        RetrievalResult r = Retrieval.recall(queries, new int[] {0, 1, 1}, gallery);
        // ranks: 1, 2, 3 -> R@1 = 1/3, R@5 = 1
        assertEquals(1.0 / 3, r.r1(), 1e-12);
        assertEquals(1.0, r.r5(), 1e-12);
        assertThrows(EncoderInputException.class, () -> Retrieval.recall(queries, new int[] {0, 1, 5}, gallery));
    }

    @Test
    void textContrastiveTermMatchesABruteForceMultiPositiveInfoNce() {
        DistillationData base = DistillationData.fromManifest(manifest, null, Set.of("en", "ar"), targets);
        // two concepts only, so a batch of 8 distinct pictures always holds same-concept pairs (extra positives)
        List<ManifestRecord> records = new ArrayList<>();
        Map<String, float[]> images = new HashMap<>();
        Map<String, float[]> texts = new HashMap<>();
        for (int i = 0; i < base.size(); i++) {
            ManifestRecord r = base.records().get(i);
            String concept = "c" + base.imageIndex()[i] % 2;
            records.add(new ManifestRecord(r.id(), r.imagePath(), concept,
                    r.caption(), r.language(), r.voice(), r.audioPath(), r.split(), r.attributes()));
            images.put(r.imagePath(), base.imageTargets()[base.imageIndex()[i]]);
            texts.putIfAbsent(concept, base.textTargets()[i]);
        }
        DistillationData data = DistillationData.of(base.clips(), records,
                new TeacherTargets("synthetic-two-concepts", images, texts));
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            SpeechEncoderNetwork n = EncoderTestSupport.initialised(config(), m, 5);
            DistillationTask plain = new DistillationTask(n, data, new DistillationConfig(8, 0.5, 100, Augmentation.none()));
            DistillationTask withText = new DistillationTask(n, data,
                    new DistillationConfig(8, 0.5, 100, Augmentation.none(), 2.0));
            NDList batch = withText.batch(0, new SplittableRandom(9), m);
            ParameterStore ps = new ParameterStore(m, false);
            StepOutput a = plain.loss(ps, batch, false);
            StepOutput b = withText.loss(ps, batch, false);
            assertFalse(a.metrics().containsKey("textInfonce"));

            float[][] s = rows(n.forward(ps, new NDList(batch.get(0), batch.get(1)), false).get(0));
            float[][] u = rows(batch.get(3));
            float[][] p = rows(batch.get(4));
            double k = Math.exp(Math.min(scalar(n.logitScale(ps, batch.get(0), false)), Math.log(100)));
            int size = s.length;
            double[][] logits = new double[size][size];
            boolean extraPositive = false;
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    for (int d = 0; d < s[i].length; d++) {
                        logits[i][j] += k * s[i][d] * u[j][d];
                    }
                    extraPositive |= i != j && p[i][j] == 1f;
                }
            }
            assertTrue(extraPositive, "the batch exercises several positives per row");
            double rowsLoss = 0;
            double colsLoss = 0;
            for (int i = 0; i < size; i++) {
                double rowNorm = 0;
                double colNorm = 0;
                double rowPos = 0;
                double colPos = 0;
                for (int j = 0; j < size; j++) {
                    rowNorm += Math.exp(logits[i][j]);
                    colNorm += Math.exp(logits[j][i]);
                    rowPos += p[i][j];
                    colPos += p[j][i];
                }
                for (int j = 0; j < size; j++) {
                    rowsLoss -= p[i][j] / rowPos * (logits[i][j] - Math.log(rowNorm));
                    colsLoss -= p[j][i] / colPos * (logits[j][i] - Math.log(colNorm));
                }
            }
            double expected = (rowsLoss + colsLoss) / (2 * size);
            assertEquals(expected, scalar(b.metrics().get("textInfonce")), 1e-4);
            assertEquals(scalar(a.loss()) + 2.0 * expected, scalar(b.loss()), 1e-4);
            assertThrows(org.speaktheart.encoder.EncoderConfigException.class,
                    () -> new DistillationConfig(8, 0.5, 100, Augmentation.none(), -1));
        }
    }

    private static double scalar(ai.djl.ndarray.NDArray a) {
        return a.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }

    private static float[][] rows(ai.djl.ndarray.NDArray a) {
        int r = (int) a.getShape().get(0);
        int c = (int) a.getShape().get(1);
        float[] flat = a.toFloatArray();
        float[][] out = new float[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(flat, i * c, out[i], 0, c);
        }
        return out;
    }

    @Test
    void tinyBilingualTrainingBeatsChanceWidely() throws java.io.IOException {
        DistillationData data = DistillationData.fromManifest(manifest, null, Set.of("en", "ar"), targets);
        assertEquals(24, data.size());
        assertEquals(12, data.imageCount());
        SpeechEncoderConfig config = config();
        Path run = dir.resolve("run");
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            SpeechEncoderNetwork n = EncoderTestSupport.initialised(config, m, 3);
            double before = evaluate(n, data).get("en").speech().r1();
            Augmentation aug = new Augmentation(new double[] {0.9, 1.0, 1.1}, 0.5, 15, 30,
                    new SpecAugment(1, 4, 1, 10, 0.1, 0f));
            DistillationTask task = new DistillationTask(n, data, new DistillationConfig(8, 0.5, 100, aug));
            TrainingConfig tc = TrainingConfig.builder().steps(160).seed(11).learningRate(2e-3).warmupSteps(10)
                    .decay(LrDecay.cosine(2e-4)).weightDecay(0.01).clipNorm(1.0)
                    .checkpointDir(run.resolve("checkpoints")).checkpointInterval(160)
                    .metricsFile(run.resolve("metrics.jsonl")).build();
            try (TrainingLoop loop = new TrainingLoop(n, tc)) {
                loop.run(task);
            }
            List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
            double first = meanLoss(lines.subList(0, 20));
            double last = meanLoss(lines.subList(lines.size() - 20, lines.size()));
            assertTrue(lines.get(0).contains("\"infonce\"") && lines.get(0).contains("\"temperature\""), lines.get(0));
            Map<String, EncoderEvaluation.LanguageResult> after = evaluate(n, data);
            System.out.printf("tiny training: loss %.3f -> %.3f; EN R@1 before %.3f; after %s / %s; teacher %s%n",
                    first, last, before, after.get("en").speech(), after.get("ar").speech(), after.get("en").teacherText());
            assertTrue(last < 0.6 * first, "loss fell: " + first + " -> " + last);
            // chance R@1 is 1/12 = 0.083 on 12 pictures
            assertTrue(after.get("en").speech().r1() >= 0.5, "EN R@1 " + after.get("en").speech());
            assertTrue(after.get("ar").speech().r1() >= 0.5, "AR R@1 " + after.get("ar").speech());
            assertEquals(1.0, after.get("en").teacherText().r1(), 1e-12, "coherent synthetic teacher");
            System.out.printf("speech -> caption: %s / %s%n", after.get("en").speechToCaption(), after.get("ar").speechToCaption());
            assertEquals(data.imageCount(), after.get("en").speechToCaption().gallery(), "one caption vector per picture");
            assertEquals(after.get("en").speech().queries(), after.get("en").speechToCaption().queries());
            for (String language : List.of("en", "ar")) {
                // The encoder is also pulled toward the caption targets: it lands nearest its own caption far above chance (1/12).
                assertTrue(after.get(language).speechToCaption().r1() >= 0.5, language + " " + after.get(language).speechToCaption());
            }
            assertVoiceBreakdownAddsUp(n, data, after);

            // adaptation: reload the checkpoint, freeze the input blocks and layer 0, train English only
            Path ckpt = new CheckpointStore(run.resolve("checkpoints"), 2).latest().orElseThrow();
            SpeechEncoderNetwork adapted = LanguageAdaptation.fromCheckpoint(ckpt, false, config, m, 1);
            float[] frozenBefore = param(adapted, "layer0").clone();
            float[] topBefore = param(adapted, "projection").clone();
            DistillationData en = DistillationData.fromManifest(manifest, null, Set.of("en"), targets);
            try (TrainingLoop loop = new TrainingLoop(adapted, TrainingConfig.builder().steps(5).seed(1)
                    .learningRate(1e-3).build())) {
                loop.run(new DistillationTask(adapted, en, new DistillationConfig(4, 0.5, 100, Augmentation.none())));
            }
            assertArrayEquals(frozenBefore, param(adapted, "layer0"), "frozen layer unchanged");
            assertFalse(java.util.Arrays.equals(topBefore, param(adapted, "projection")), "projection trained");
        }
    }

    @Test
    void ctcHeadLearnsTheCaptionsAndAdaptationAddsOrDropsIt() throws java.io.IOException {
        DistillationData data = DistillationData.fromManifest(manifest, null, Set.of("en", "ar"), targets);
        SpeechEncoderConfig config = config();
        Path run = dir.resolve("ctc");
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            SpeechEncoderNetwork plain = EncoderTestSupport.initialised(config, m, 8);
            DistillationConfig withCtc = new DistillationConfig(8, 0.5, 100, Augmentation.none(), 0, 1.0);
            var e = assertThrows(org.speaktheart.encoder.EncoderConfigException.class,
                    () -> new DistillationTask(plain, data, withCtc));
            assertTrue(e.getMessage().contains("CTC head"), e.getMessage());
            try (TrainingLoop loop = new TrainingLoop(plain, TrainingConfig.builder().steps(2).seed(1).learningRate(1e-3)
                    .checkpointDir(run.resolve("plain")).checkpointInterval(2).build())) {
                loop.run(new DistillationTask(plain, data, new DistillationConfig(8, 0.5, 100, Augmentation.none())));
            }
            Path headless = new CheckpointStore(run.resolve("plain"), 2).latest().orElseThrow();

            // a checkpoint without a head gives its encoder weights to a network with a fresh head
            SpeechEncoderNetwork n = LanguageAdaptation.fromCheckpoint(headless, false, config, m, 0, CaptionAlphabet.SIZE);
            assertEquals(CaptionAlphabet.SIZE, n.ctcClasses());
            for (String block : List.of("layer1", "projection", "subsampling")) {
                assertArrayEquals(param(plain, block), param(n, block), block);
            }
            TrainingConfig tc = TrainingConfig.builder().steps(120).seed(4).learningRate(2e-3).warmupSteps(10)
                    .decay(LrDecay.cosine(2e-4)).clipNorm(1.0).checkpointDir(run.resolve("head")).checkpointInterval(120)
                    .metricsFile(run.resolve("metrics.jsonl")).build();
            try (TrainingLoop loop = new TrainingLoop(n, tc)) {
                loop.run(new DistillationTask(n, data, withCtc));
            }
            List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
            double first = meanMetric(lines.subList(0, 20), "ctc");
            double last = meanMetric(lines.subList(lines.size() - 20, lines.size()), "ctc");
            System.out.printf("tiny CTC: %.3f -> %.3f%n", first, last);
            assertTrue(last < 0.6 * first, "CTC fell: " + first + " -> " + last);

            // the head is training only: not exported, and dropped when adapting without CTC
            var graph = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(EncoderTestSupport.export(n, List.of("en"))).getGraph();
            assertTrue(graph.getInitializerList().stream().noneMatch(t -> t.getName().contains("ctcHead")));
            Path withHead = new CheckpointStore(run.resolve("head"), 2).latest().orElseThrow();
            SpeechEncoderNetwork dropped = LanguageAdaptation.fromCheckpoint(withHead, false, config, m, 1);
            assertEquals(0, dropped.ctcClasses());
            assertArrayEquals(param(n, "projection"), param(dropped, "projection"));
            assertThrows(org.speaktheart.encoder.EncoderConfigException.class,
                    () -> new DistillationConfig(8, 0.5, 100, Augmentation.none(), 0, -0.5));
        }
    }

    private static double meanMetric(List<String> lines, String name) {
        double s = 0;
        for (String l : lines) {
            s += com.google.gson.JsonParser.parseString(l).getAsJsonObject().get(name).getAsDouble();
        }
        return s / lines.size();
    }

    private static float[] param(SpeechEncoderNetwork n, String prefix) {
        for (Pair<String, Parameter> p : n.getParameters()) {
            if (p.getKey().contains(prefix + "_")) {
                return p.getValue().getArray().toFloatArray();
            }
        }
        throw new AssertionError("no parameter under " + prefix);
    }

    private static double meanLoss(List<String> lines) {
        double s = 0;
        for (String l : lines) {
            s += com.google.gson.JsonParser.parseString(l).getAsJsonObject().get("loss").getAsDouble();
        }
        return s / lines.size();
    }

    /** Per-voice figures weighted by their query counts give back the per-language ones, gallery unchanged. */
    private static void assertVoiceBreakdownAddsUp(SpeechEncoderNetwork n, DistillationData data,
                                                   Map<String, EncoderEvaluation.LanguageResult> perLanguage) {
        byte[] bytes = SpeechEncoderExport.build(n, List.of("en", "ar"), Map.of()).toByteArray();
        Map<String, EncoderEvaluation.LanguageResult> byVoice;
        try (SpeechEncoder enc = SpeechEncoder.load(bytes, RuntimeConfig.builder().intraOpThreads(1).build(), "tiny")) {
            byVoice = EncoderEvaluation.evaluateByVoice(enc, data, 8);
        }
        assertEquals(data.records().stream().map(r -> r.voice()).distinct().count(), byVoice.size());
        for (EncoderEvaluation.LanguageResult whole : perLanguage.values()) {
            int queries = 0;
            double hits1 = 0;
            double hits10 = 0;
            for (EncoderEvaluation.LanguageResult v : byVoice.values()) {
                if (v.language().equals(whole.language())) {
                    assertEquals(whole.speech().gallery(), v.speech().gallery());
                    queries += v.speech().queries();
                    hits1 += v.speech().r1() * v.speech().queries();
                    hits10 += v.speech().r10() * v.speech().queries();
                }
            }
            assertEquals(whole.speech().queries(), queries, whole.language());
            assertEquals(whole.speech().r1() * queries, hits1, 1e-9, whole.language());
            assertEquals(whole.speech().r10() * queries, hits10, 1e-9, whole.language());
        }
    }

    private static Map<String, EncoderEvaluation.LanguageResult> evaluate(SpeechEncoderNetwork n, DistillationData data) {
        byte[] bytes = SpeechEncoderExport.build(n, List.of("en", "ar"), Map.of()).toByteArray();
        try (SpeechEncoder enc = SpeechEncoder.load(bytes, RuntimeConfig.builder().intraOpThreads(1).build(), "tiny")) {
            return EncoderEvaluation.evaluate(enc, data, 8);
        }
    }

    @Test
    void trainerWritesModelWithProvenanceAndTestResults() throws java.io.IOException {
        Path out = dir.resolve("trainer");
        SpeechEncoderConfig config = config();
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            var request = new org.speaktheart.encoder.training.EncoderTrainer.Request(manifest, targets, Set.of("en", "ar"),
                    config, new DistillationConfig(4, 0.5, 100, Augmentation.none()),
                    TrainingConfig.builder().steps(20).seed(5).learningRate(1e-3).emaDecay(0.9)
                            .checkpointDir(out.resolve("checkpoints")).checkpointInterval(20).build(), out);
            var result = org.speaktheart.encoder.training.EncoderTrainer.train(request, null, m);
            assertEquals(20, result.training().endStep());
            assertEquals(Set.of("en", "ar"), result.test().keySet());
            assertTrue(result.test().get("en").speech().queries() > 0);
            try (SpeechEncoder enc = SpeechEncoder.load(result.model(), RuntimeConfig.defaults())) {
                assertEquals(List.of("ar", "en"), enc.languages());
                assertEquals(config, enc.config());
            }
            var props = org.speaktheart.core.onnx.OnnxGraphBuilder.metadataOf(ai.onnx.proto.OnnxMl.ModelProto
                    .parseFrom(Files.readAllBytes(result.model()))).properties();
            assertEquals("synthetic-random-unit", props.get("sta.teacher"));
            assertEquals("20", props.get("sta.train.steps"));
            // the temperature training ended with is recorded, so that training can continue from the export alone
            double recorded = Double.parseDouble(props.get(SpeechEncoderExport.KEY_TEMPERATURE));
            assertTrue(recorded > 0 && Math.abs(recorded - SpeechEncoderNetwork.INITIAL_TEMPERATURE) > 1e-5, "trained: " + recorded);
            assertEquals(recorded, LanguageAdaptation.fromOnnx(result.model(), config, m, 0, 0, null).temperature(), 1e-6);
            String json = Files.readString(out.resolve("results.json"));
            assertTrue(json.contains("\"speechToTeacherR1Ratio\"") && json.contains("\"ar\""), json);

            // sta encoder langid on the exported encoder: trains on train, calibrates on val, scores val and test
            Path langid = out.resolve("langid.onnx");
            Path report = out.resolve("langid.json");
            picocli.CommandLine cli = new picocli.CommandLine(new org.speaktheart.encoder.cli.EncoderCommand());
            cli.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
            assertEquals(0, cli.execute("langid", "--encoder", result.model().toString(), "--manifest",
                    manifest.file().toString(), "-o", langid.toString(), "--report", report.toString(), "--steps", "200"));
            com.google.gson.JsonObject r = com.google.gson.JsonParser.parseString(Files.readString(report)).getAsJsonObject();
            assertTrue(r.get("trainAccuracy").getAsDouble() > 0.9, r.toString());
            assertTrue(r.getAsJsonObject("heldOut").has("test") && r.getAsJsonObject("heldOut").has("val"), r.toString());
            var testAll = r.getAsJsonObject("heldOut").getAsJsonObject("test").getAsJsonObject("byLanguage")
                    .getAsJsonObject("all");
            assertEquals(manifest.split(org.speaktheart.data.manifest.Split.TEST).stream().filter(x -> x.audioPath() != null)
                    .count(), testAll.get("total").getAsInt());
            try (var id = org.speaktheart.encoder.langid.LanguageIdentifier.load(langid, RuntimeConfig.defaults())) {
                assertEquals(org.speaktheart.teacher.Embeddings.sha256(result.model()), id.encoderSha256());
                assertEquals(List.of("ar", "en"), id.languages());
            }
            // a language the encoder does not serve is refused before anything is written
            Path refused = out.resolve("refused.onnx");
            cli.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
            assertTrue(cli.execute("langid", "--encoder", result.model().toString(), "--manifest", manifest.file().toString(),
                    "-o", refused.toString(), "--languages", "en,fr") != 0);
            assertFalse(Files.exists(refused));
        }
    }

    @Test
    void validationKeepsTheBestExportAndLogsEveryCheck() throws java.io.IOException {
        Path out = dir.resolve("validated");
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            var request = new org.speaktheart.encoder.training.EncoderTrainer.Request(manifest, targets, Set.of("en", "ar"),
                    config(), new DistillationConfig(4, 0.5, 100, Augmentation.none()),
                    TrainingConfig.builder().steps(24).seed(5).learningRate(1e-3).emaDecay(0.9).build(), out, 10);
            var result = org.speaktheart.encoder.training.EncoderTrainer.train(request, null, m);
            assertEquals(24, result.training().endStep());
            // checks after 10, 20 and 24 steps
            List<String> lines = Files.readAllLines(out.resolve("validation.jsonl"));
            assertEquals(3, lines.size(), lines.toString());
            double best = Double.NEGATIVE_INFINITY;
            long bestStep = -1;
            for (String line : lines) {
                var o = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
                double score = o.get("score").getAsDouble();
                assertTrue(o.has("en") && o.has("ar"), line);
                if (score > best) {
                    best = score;
                    bestStep = o.get("step").getAsLong();
                }
            }
            assertTrue(Files.exists(result.model()));
            assertFalse(Files.exists(out.resolve("encoder-candidate.onnx")));
            var props = org.speaktheart.core.onnx.OnnxGraphBuilder.metadataOf(ai.onnx.proto.OnnxMl.ModelProto
                    .parseFrom(Files.readAllBytes(result.model()))).properties();
            assertEquals(Long.toString(bestStep), props.get("sta.train.steps"));
        }
        assertThrows(org.speaktheart.encoder.EncoderConfigException.class, () -> new org.speaktheart.encoder.training
                .EncoderTrainer.Request(manifest, targets, Set.of("en"), config(), null, null, dir, -1));
    }

    @Test
    void trainSplitsCanFoldInValButNeverTest() {
        Set<String> both = Set.of("en", "ar");
        int train = DistillationData.fromManifest(manifest, Split.TRAIN, both, targets).size();
        int val = DistillationData.fromManifest(manifest, Split.VAL, both, targets).size();
        DistillationData fit = DistillationData.fromSplits(manifest, java.util.EnumSet.of(Split.TRAIN, Split.VAL), both, targets);
        assertEquals(train + val, fit.size());
        assertTrue(fit.records().stream().noneMatch(r -> r.split() == Split.TEST));
        java.util.function.BiFunction<Integer, Set<Split>, org.speaktheart.encoder.training.EncoderTrainer.Request> request =
                (valEvery, splits) -> new org.speaktheart.encoder.training.EncoderTrainer.Request(manifest, targets, both,
                        config(), new DistillationConfig(4, 0.5, 100, Augmentation.none()),
                        TrainingConfig.builder().steps(1).build(), dir, valEvery, splits);
        assertEquals(Set.of(Split.TRAIN, Split.VAL), request.apply(0, Set.of(Split.TRAIN, Split.VAL)).trainSplits());
        assertTrue(assertThrows(org.speaktheart.encoder.EncoderConfigException.class,
                () -> request.apply(0, Set.of(Split.TRAIN, Split.TEST))).getMessage().contains("test split"));
        assertTrue(assertThrows(org.speaktheart.encoder.EncoderConfigException.class,
                () -> request.apply(10, Set.of(Split.TRAIN, Split.VAL))).getMessage().contains("--val-every 0"));
    }

    @Test
    void aResumedValidatedRunKeepsTheEarlierBestUnlessBeaten() throws java.io.IOException {
        Path out = dir.resolve("validated-resume");
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            java.util.function.IntFunction<org.speaktheart.encoder.training.EncoderTrainer.Request> request = steps ->
                    new org.speaktheart.encoder.training.EncoderTrainer.Request(manifest, targets, Set.of("en", "ar"),
                            config(), new DistillationConfig(4, 0.5, 100, Augmentation.none()),
                            TrainingConfig.builder().steps(steps).seed(5).learningRate(1e-3).emaDecay(0.9)
                                    .checkpointDir(out.resolve("checkpoints")).checkpointInterval(10).build(), out, 10);
            org.speaktheart.encoder.training.EncoderTrainer.train(request.apply(20), null, m);
            // mark the step-10 check as unbeatable: the resumed run must keep encoder.onnx as it is
            Path log = out.resolve("validation.jsonl");
            List<String> lines = Files.readAllLines(log);
            assertEquals(2, lines.size());
            // the best check's checkpoint is kept beside the export, with the step the export names
            Path best = out.resolve(org.speaktheart.encoder.training.EncoderTrainer.BEST_CHECKPOINT);
            long bestStep = CheckpointStore.readHeader(best).step();
            var exported = org.speaktheart.core.onnx.OnnxGraphBuilder.metadataOf(ai.onnx.proto.OnnxMl.ModelProto
                    .parseFrom(Files.readAllBytes(out.resolve("encoder.onnx")))).properties();
            assertEquals(exported.get("sta.train.steps"), Long.toString(bestStep));
            SpeechEncoderNetwork fromBest = LanguageAdaptation.fromCheckpoint(best, true, config(), m, 0);
            assertTrue(fromBest.config().equals(config()));
            lines.set(0, lines.get(0).replaceFirst("\"score\":[^,}]+", "\"score\":10.0"));
            Files.write(log, lines);
            byte[] before = Files.readAllBytes(out.resolve("encoder.onnx"));
            var resumed = org.speaktheart.encoder.training.EncoderTrainer.train(request.apply(30), null, m);
            assertEquals(30, resumed.training().endStep());
            assertEquals(3, Files.readAllLines(log).size(), "one more check, at step 30");
            assertArrayEquals(before, Files.readAllBytes(out.resolve("encoder.onnx")));
            assertEquals(bestStep, CheckpointStore.readHeader(best).step(), "not beaten: best-checkpoint kept");
            assertFalse(Files.exists(out.resolve("best-checkpoint.partial")) || Files.exists(out.resolve("best-checkpoint.old")));
        }
    }

    /** A deterministic stand-in teacher: vectors seeded by the text, or by the image's pixel sum. */
    private static final class HashTeacher implements org.speaktheart.teacher.ImageTextTeacher {
        int textCalls;

        private static float[] vector(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            float[] v = new float[DIM];
            double n = 0;
            for (int i = 0; i < DIM; i++) {
                v[i] = (float) r.nextGaussian();
                n += v[i] * v[i];
            }
            for (int i = 0; i < DIM; i++) {
                v[i] /= (float) Math.sqrt(n);
            }
            return v;
        }

        @Override
        public float[][] embedTexts(List<String> texts) {
            textCalls += texts.size();
            return texts.stream().map(t -> vector(t.hashCode())).toArray(float[][]::new);
        }

        @Override
        public float[][] embedImages(List<java.awt.image.BufferedImage> images) {
            return images.stream().map(im -> {
                long sum = 0;
                for (int y = 0; y < im.getHeight(); y++) {
                    for (int x = 0; x < im.getWidth(); x++) {
                        sum = sum * 31 + im.getRGB(x, y);
                    }
                }
                return vector(sum);
            }).toArray(float[][]::new);
        }

        @Override
        public int dimension() {
            return DIM;
        }

        @Override
        public String name() {
            return "hash";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void teacherTargetsComeFromTheTeacherThroughItsCache() {
        HashTeacher teacher = new HashTeacher();
        var cache = new org.speaktheart.teacher.EmbeddingCache(dir.resolve("cache"));
        TeacherTargets t = org.speaktheart.encoder.training.TeacherTargetsFactory.fromTeacher(teacher, manifest, cache);
        assertEquals("hash@1", t.teacherId());
        int calls = teacher.textCalls;
        org.speaktheart.encoder.training.TeacherTargetsFactory.fromTeacher(teacher, manifest, cache);
        assertEquals(calls, teacher.textCalls, "second build is served by the cache");
        Map<String, List<float[]>> englishByConcept = new HashMap<>();
        for (ManifestRecord r : manifest.records()) {
            if (r.language().equals("en")) {
                org.speaktheart.core.testing.Tolerance.absolute(1e-6).assertClose(HashTeacher.vector(r.caption().hashCode()),
                        t.englishText(r), "own caption of " + r.id());
                englishByConcept.computeIfAbsent(r.conceptId(), k -> new ArrayList<>()).add(t.englishText(r));
            }
        }
        for (ManifestRecord r : manifest.records()) {
            if (r.language().equals("ar")) {
                float[] mean = new float[DIM];
                double n = 0;
                for (float[] v : englishByConcept.get(r.conceptId())) {
                    for (int i = 0; i < DIM; i++) {
                        mean[i] += v[i];
                    }
                }
                for (float x : mean) {
                    n += x * x;
                }
                for (int i = 0; i < DIM; i++) {
                    mean[i] /= (float) Math.sqrt(n);
                }
                org.speaktheart.core.testing.Tolerance.absolute(1e-6).assertClose(mean, t.englishText(r),
                        "Arabic record " + r.id() + " gets the mean English text of its concept");
            }
        }

        // A re-voiced record has its own text target but leaves the concept means alone (its caption is
        // made different here, so that counting it would move its concept's mean).
        ManifestRecord source = manifest.records().stream().filter(r -> r.language().equals("en")).findFirst().orElseThrow();
        List<ManifestRecord> withCopy = new ArrayList<>(manifest.records());
        withCopy.add(source.toBuilder().id(source.id() + "-rv-x").caption("a caption no other record has")
                .voice("espeak-ng/x").audioPath("audio/x.wav")
                .attribute(org.speaktheart.data.revoice.Revoicer.REVOICED_FROM, source.id()).build());
        TeacherTargets t2 = org.speaktheart.encoder.training.TeacherTargetsFactory.fromTeacher(teacher,
                new org.speaktheart.data.manifest.Manifest(manifest.file(), withCopy), cache);
        org.speaktheart.core.testing.Tolerance.absolute(1e-6).assertClose(
                HashTeacher.vector("a caption no other record has".hashCode()), t2.englishText(withCopy.get(withCopy.size() - 1)),
                "the re-voiced record's own caption");
        for (ManifestRecord r : manifest.records()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(t.englishText(r), t2.englishText(r), "unchanged " + r.id());
        }
    }

    @Test
    void registryMapsLanguagesToModels() throws Exception {
        Path reg = dir.resolve("registry");
        Files.createDirectories(reg.resolve("models"));
        EncoderRegistry r = new EncoderRegistry(reg).register("en", reg.resolve("models/bi.onnx"))
                .register("ar", reg.resolve("models/bi.onnx")).register("fr", reg.resolve("models/fr.onnx"));
        r.save(reg.resolve("registry.json"));
        EncoderRegistry back = EncoderRegistry.load(reg.resolve("registry.json"));
        assertEquals(r.entries(), back.entries());
        assertEquals(reg.resolve("models/fr.onnx").toAbsolutePath(), back.modelFor("fr"));
        EncoderInputException e = assertThrows(EncoderInputException.class, () -> back.modelFor("de"));
        assertTrue(e.getMessage().contains("[ar, en, fr]"), e.getMessage());
        assertThrows(EncoderInputException.class, () -> r.register("English", reg.resolve("x.onnx")));
        List<String> none = new ArrayList<>();
        assertThrows(EncoderConfigException.class, () -> SpeechEncoderExport.build(null, none, Map.of()));
    }
}
