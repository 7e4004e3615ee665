package org.speaktheart.pipeline.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.train.TrainingConfig;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.data.shapes.ShapeMatch;
import org.speaktheart.data.shapes.ShapesCorpus;
import org.speaktheart.data.shapes.ShapesScorer;
import org.speaktheart.pipeline.SpeechToImagePipeline;
import org.speaktheart.pipeline.bundle.ModelBundle;
import org.speaktheart.pipeline.cli.StaCommand;
import org.speaktheart.pipeline.eval.EvaluationReport.ConditionReport;
import org.speaktheart.pipeline.eval.EvaluationReport.LanguageReport;
import org.speaktheart.pipeline.eval.EvaluationReport.Metric;
import org.speaktheart.pipeline.recipe.ShapesDemo;
import org.speaktheart.pipeline.recipe.ShapesDemoConfig;
import org.speaktheart.teacher.ContrastiveDataset;
import org.speaktheart.teacher.ImageTextTeacher;
import org.speaktheart.teacher.ImagePreprocessing;
import org.speaktheart.teacher.ImageTowerConfig;
import org.speaktheart.teacher.ImageTowerTrainer;
import org.speaktheart.teacher.MiniLmTextEncoder;
import org.speaktheart.teacher.TowerTrainingConfig;

/**
 * The evaluation end to end on a tiny bundle trained in-process by {@link ShapesDemo} with very few
 * steps: the report's numbers are recomputed independently (shapes-scorer accuracy, teacher
 * retrieval, Fréchet distance, diversity), the JSON round-trips, the markdown and PNG figures are
 * written; bad inputs are refused; the command line runs on the same bundle.
 */
class EvalEndToEndTest {
    private static Path work;
    private static Path bundle;
    private static Manifest shapesManifest;
    private static Path judgeFile;
    private static SpeechToImagePipeline pipeline;
    private static AttributeTeacher teacher;
    private static JudgeClassifier judge;
    private static EvaluationResult result;
    private static EvaluationConfig config;

    @BeforeAll
    static void trainATinyBundleAndEvaluate() throws Exception {
        work = Files.createTempDirectory("sta-eval-test");
        long t0 = System.nanoTime();
        ShapesDemo.Result demo = ShapesDemo.run(new ShapesDemoConfig(work, 2, 32, 100, 60, 100, 4),
                line -> System.out.println("[demo] " + line));
        System.out.printf(Locale.ROOT, "[eval-test] tiny bundle trained in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        bundle = demo.bundle();
        shapesManifest = withShapesGroundTruth(ManifestIO.read(work.resolve("corpus").resolve("manifest.jsonl")));
        judgeFile = work.resolve("judge.onnx");
        // The demo corpus has one picture style and no val split: the judge is validated on the test pictures here.
        JudgeTrainer.train(shapesManifest, JudgeTrainingConfig.builder().network(new JudgeConfig(16, 8, new int[] {1, 2}, 4, 2))
                .steps(40).batchSize(16).learningRate(4e-3).valSplit(Split.TEST).build(), judgeFile,
                line -> System.out.println("[judge] " + line));
        pipeline = SpeechToImagePipeline.builder(ModelBundle.open(bundle)).build();
        teacher = new AttributeTeacher(32);
        judge = JudgeClassifier.load(judgeFile, RuntimeConfig.defaults());
        config = EvaluationConfig.builder().samples(2).seed(5).bootstrapResamples(500).gridRows(4).build();
        long t1 = System.nanoTime();
        result = new Evaluation(pipeline, teacher, judge).evaluate(shapesManifest, config, line -> System.out.println("[eval] " + line));
        System.out.printf(Locale.ROOT, "[eval-test] evaluation in %.1f s%n", (System.nanoTime() - t1) / 1e9);
    }

    @AfterAll
    static void close() throws java.io.IOException {
        if (judge != null) {
            judge.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (work != null) {
            try (var files = Files.walk(work)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The demo draws one large centred object on white; its concept id is colour-shape. */
    private static Manifest withShapesGroundTruth(Manifest m) {
        List<ManifestRecord> out = new ArrayList<>();
        for (ManifestRecord r : m.records()) {
            String[] parts = r.conceptId().split("-");
            out.add(r.toBuilder().attribute("objects", "1").attribute("background", "white").attribute("o0.colour", parts[0])
                    .attribute("o0.shape", parts[1]).attribute("o0.size", "large").attribute("o0.position", "center").build());
        }
        return ManifestIO.write(m.file().resolveSibling("manifest-shapes.jsonl"), out);
    }

    @Test
    void figuresDoNotDependOnTheWorkers() {
        // the fixture's evaluation ran with one worker per processor
        for (int workers : new int[] {1, 3}) {
            EvaluationConfig c = EvaluationConfig.builder().samples(2).seed(5).bootstrapResamples(500).gridRows(4)
                    .workers(workers).build();
            EvaluationResult other = new Evaluation(pipeline, teacher, judge).evaluate(shapesManifest, c, line -> { });
            assertEquals(result.report().languages(), other.report().languages(), workers + " worker(s)");
        }
        for (int bad : new int[] {0, EvaluationConfig.MAX_WORKERS + 1}) {
            EvaluationException e = assertThrows(EvaluationException.class, () -> EvaluationConfig.builder().workers(bad).build());
            assertTrue(e.getMessage().contains("workers must be in 1.." + EvaluationConfig.MAX_WORKERS), e.getMessage());
        }
    }

    @Test
    void reportHasEveryConditionAndSaneIntervals() {
        EvaluationReport report = result.report();
        assertEquals(1, report.languages().size());
        assertEquals(pipeline.defaultSampler().guidanceScale(), report.guidanceScale(), "the sampler used is reported");
        assertEquals(pipeline.defaultSampler().truncationRate(), report.truncationRate());
        LanguageReport en = report.language("en");
        List<ManifestRecord> test = shapesManifest.split(Split.TEST);
        assertEquals(test.size(), en.records());
        assertEquals(16, en.concepts());
        assertTrue(en.shapes());
        assertNull(en.textSkipped());
        assertEquals(List.of("speech", "text", "real", "reconstruction"), en.conditions().stream().map(ConditionReport::name).toList());
        List<String> accuracies = List.of("teacher.top1", "teacher.top5", "judge.top1", "judge.top5", "shapes.exact",
                "shapes.attributes");
        for (ConditionReport c : en.conditions()) {
            List<String> names = new ArrayList<>(accuracies);
            if (c.name().equals("speech")) {
                names.addAll(List.of("embedding.textCosine", "condition.textCosine"));
            }
            assertEquals(names, c.metrics().stream().map(Metric::name).toList());
            for (Metric m : c.metrics()) {
                double floor = accuracies.contains(m.name()) ? 0 : -1;
                assertTrue(floor <= m.low() && m.low() <= m.value() && m.value() <= m.high() && m.high() <= 1, c.name() + " " + m);
            }
            assertTrue(c.metric("teacher.top5").value() >= c.metric("teacher.top1").value(), "top-5 >= top-1");
        }
        assertEquals(1.0 / 16, en.condition("speech").metric("teacher.top1").chance(), 1e-15);
        assertEquals(5.0 / 16, en.condition("speech").metric("teacher.top5").chance(), 1e-15);
        assertNull(en.condition("speech").metric("shapes.attributes").chance());
        assertNull(en.condition("speech").metric("condition.textCosine").chance());
        Metric rawCosine = en.condition("speech").metric("embedding.textCosine");
        Metric conditionCosine = en.condition("speech").metric("condition.textCosine");
        // (the intervals differ: each metric's bootstrap is seeded by its name)
        assertEquals(rawCosine.value(), conditionCosine.value(), 0, "without a caption prior the condition is the embedding");
        assertEquals(2 * test.size(), en.condition("speech").images());
        assertEquals(test.size(), en.condition("real").images());
        // The real pictures are exactly what the attribute teacher and the scorer read: a perfect reference.
        Metric realExact = en.condition("real").metric("shapes.exact");
        assertEquals(1.0, realExact.value(), 0);
        assertEquals(1.0, realExact.low(), 0);
        assertEquals(1.0, en.condition("real").metric("teacher.top1").value(), 0);
        assertNull(en.condition("real").frechet());
        assertNull(en.condition("real").featureDiversity(), "one picture per record has no diversity");
        assertTrue(en.condition("reconstruction").frechet() >= 0);
        assertNotNull(en.condition("speech").pixelDiversity());
        assertEquals(judge.valAccuracy(), report.judge().valAccuracy(), 0);
    }

    @Test
    void numbersMatchAnIndependentRecomputation() {
        LanguageReport en = result.report().language("en");
        List<ManifestRecord> test = shapesManifest.split(Split.TEST);
        ShapesScorer scorer = new ShapesScorer(32);
        double exact = 0;
        double attributes = 0;
        double textTop1 = 0;
        double pixelDiversity = 0;
        double textCosine = 0;
        List<BufferedImage> speechImages = new ArrayList<>();
        List<BufferedImage> real = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            ManifestRecord r = test.get(i);
            float[] speech = pipeline.embed(AudioDecoder.standard().decode(shapesManifest.resolve(r.audioPath())), "en").vector();
            List<BufferedImage> images = pipeline.decode(pipeline.tokens(speech, 2, 5 + i, pipeline.defaultSampler()));
            for (BufferedImage im : images) {
                ShapeMatch m = ShapeMatch.of(ShapesCorpus.sceneOf(r), scorer.read(im).scene());
                exact += m.exact() ? 0.5 : 0;
                attributes += m.fraction() / 2;
            }
            pixelDiversity += Diversity.meanPairwisePixelDistance(images);
            speechImages.addAll(images);
            float[] text = teacher.embedTexts(List.of(r.caption()))[0];
            double dot = 0;
            double ns = 0;
            double nt = 0;
            for (int j = 0; j < text.length; j++) {
                dot += (double) speech[j] * text[j];
                ns += (double) speech[j] * speech[j];
                nt += (double) text[j] * text[j];
            }
            textCosine += dot / Math.sqrt(ns * nt);
            for (float[] f : teacher.embedImages(pipeline.decode(pipeline.tokens(text, 2, 5 + i, pipeline.defaultSampler())))) {
                // Attribute features of a picture equal the caption embedding of its concept exactly when both attributes are read.
                textTop1 += java.util.Arrays.equals(f, text) ? 0.5 : 0;
            }
            try {
                real.add(ImageIO.read(shapesManifest.resolve(r.imagePath()).toFile()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        int n = test.size();
        assertEquals(exact / n, en.condition("speech").metric("shapes.exact").value(), 1e-12);
        assertEquals(attributes / n, en.condition("speech").metric("shapes.attributes").value(), 1e-12);
        assertTrue(attributes > 0, "a generated image agrees with its caption on some attribute (count, background, ...)");
        assertEquals(textTop1 / n, en.condition("text").metric("teacher.top1").value(), 1e-12);
        assertEquals(pixelDiversity / n, en.condition("speech").pixelDiversity(), 1e-12);
        assertEquals(textCosine / n, en.condition("speech").metric("embedding.textCosine").value(), 1e-9);
        double fd = FrechetDistance.between(teacher.embedImages(speechImages), teacher.embedImages(real));
        assertEquals(fd, en.condition("speech").frechet(), 1e-9);
        System.out.printf(Locale.ROOT, "[eval-test] speech exact %.3f, attributes %.3f, text teacher top-1 %.3f, FD speech %.4f, floor %.4f%n",
                exact / n, attributes / n, textTop1 / n, fd, en.condition("reconstruction").frechet());
    }

    @Test
    void writtenReportRoundTripsAndShowsTheNumbers() throws Exception {
        Path out = work.resolve("report-api");
        List<Path> files = result.write(out);
        assertEquals(List.of("report.json", "grid-en.png", "accuracy-en.png", "frechet.png", "report.md"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        EvaluationReport parsed = new Gson().fromJson(Files.readString(out.resolve("report.json")), EvaluationReport.class);
        assertEquals(result.report(), parsed);
        String md = Files.readString(out.resolve("report.md"));
        Metric exact = result.report().language("en").condition("speech").metric("shapes.exact");
        assertTrue(md.contains(String.format(Locale.ROOT, "| speech | shapes.exact | %.3f | [%.3f, %.3f] |", exact.value(),
                exact.low(), exact.high())), md);
        assertTrue(md.contains("![grid en](grid-en.png)"), md);
        assertEquals(1, parsed.candidates(), "no ranking by default");
        assertFalse(md.contains("candidates:"), "the independence remark is made only for ranked images");
        EvaluationReport r = result.report();
        EvaluationReport ranked = new EvaluationReport(r.formatVersion(), r.bundle(), r.manifest(), r.split(), r.samples(), r.seed(),
                r.steps(), r.guidanceScale(), r.truncationRate(), 3, r.teacher(), r.judge(), r.inception(), r.bootstrapResamples(),
                r.confidenceLevel(), r.languages(), r.seconds());
        assertTrue(ReportWriter.markdown(ranked).contains("each generated image is the teacher's best of 3"));
        BufferedImage grid = ImageIO.read(out.resolve("grid-en.png").toFile());
        // 4 rows of (real, reconstruction, 2 speech, 2 text) cells of 32 + 2 px, plus the group gaps.
        assertEquals(4 * 34 + 2, grid.getHeight());
        assertEquals(2 + 6 * 34 + 4, grid.getWidth());
        assertEquals(720, ImageIO.read(out.resolve("accuracy-en.png").toFile()).getWidth());
        assertEquals(640, ImageIO.read(out.resolve("frechet.png").toFile()).getWidth());
    }

    @Test
    void inceptionFidAndScoreAreReportedAndMatchARecomputation() throws Exception {
        // The stand-in Inception takes 64 px inputs: the 32 px pictures and generated images are resized.
        Path model = StandInInception.defaults().write(work.resolve("stand-in-inception.onnx"));
        EvaluationConfig withSplits = EvaluationConfig.builder().samples(2).seed(5).bootstrapResamples(500).gridRows(4)
                .inceptionScoreSplits(4).build();
        EvaluationReport report;
        List<BufferedImage> speechImages = new ArrayList<>();
        List<BufferedImage> real = new ArrayList<>();
        long t0 = System.nanoTime();
        try (InceptionNetwork inception = InceptionNetwork.load(model, InceptionOptions.defaults(), RuntimeConfig.defaults())) {
            report = new Evaluation(pipeline, teacher, judge, inception).evaluate(shapesManifest, withSplits, l -> { }).report();
            System.out.printf(Locale.ROOT, "[eval-test] evaluation with the stand-in Inception in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            // Independent recomputation: the same images (same seeds), the network run on all of them at once.
            List<ManifestRecord> test = shapesManifest.split(Split.TEST);
            for (int i = 0; i < test.size(); i++) {
                ManifestRecord r = test.get(i);
                float[] speech = pipeline.embed(AudioDecoder.standard().decode(shapesManifest.resolve(r.audioPath())), "en").vector();
                speechImages.addAll(pipeline.decode(pipeline.tokens(speech, 2, 5 + i, pipeline.defaultSampler())));
                real.add(ImageIO.read(shapesManifest.resolve(r.imagePath()).toFile()));
            }
            InceptionNetwork.Activations speechActivations = inception.activations(speechImages);
            InceptionNetwork.Activations realActivations = inception.activations(real);
            double fid = FrechetDistance.between(speechActivations.features(), realActivations.features());
            InceptionScore.Result speechIs = InceptionScore.of(InceptionScore.probabilities(speechActivations.logits()), 4,
                    5 * 31 + "en/speech/inception-score".hashCode());
            InceptionScore.Result realIs = InceptionScore.of(InceptionScore.probabilities(realActivations.logits()), 4,
                    5 * 31 + "en/real/inception-score".hashCode());
            LanguageReport en = report.language("en");
            System.out.printf(Locale.ROOT, "[eval-test] stand-in FID speech %.4f (recomputed %.4f), floor %.4f; IS speech %.4f +- %.4f,"
                    + " real %.4f +- %.4f%n", en.condition("speech").fid(), fid, en.condition("reconstruction").fid(),
                    en.condition("speech").inceptionScore(), en.condition("speech").inceptionScoreStd(),
                    en.condition("real").inceptionScore(), en.condition("real").inceptionScoreStd());
            new org.speaktheart.core.testing.Tolerance(1e-6, 1e-6).assertClose(fid, en.condition("speech").fid(), "speech FID");
            new org.speaktheart.core.testing.Tolerance(1e-9, 1e-6).assertClose(speechIs.mean(), en.condition("speech").inceptionScore(),
                    "speech IS");
            new org.speaktheart.core.testing.Tolerance(1e-9, 1e-6).assertClose(speechIs.std(), en.condition("speech").inceptionScoreStd(),
                    "speech IS std");
            new org.speaktheart.core.testing.Tolerance(1e-9, 1e-6).assertClose(realIs.mean(), en.condition("real").inceptionScore(),
                    "real IS");
            assertTrue(realIs.mean() > 1.01, "the stand-in's class distributions differ between pictures: IS " + realIs.mean());
            assertEquals(4, en.condition("real").inceptionScoreSplits());

            EvaluationReport.InceptionSummary summary = report.inception();
            assertEquals(model.toString(), summary.file());
            assertEquals(inception.sha256(), summary.sha256());
            assertEquals(64, summary.imageSize());
            assertEquals("minus-one-one", summary.normalisation());
            assertEquals("pool_3", summary.featuresOutput());
            assertEquals("logits", summary.logitsOutput());
            assertEquals(4, summary.splits());
        }
        // Every other number is the one of the run without Inception (same seeds).
        LanguageReport plain = result.report().language("en");
        LanguageReport with = report.language("en");
        assertEquals(plain.conditions().size(), with.conditions().size());
        for (int c = 0; c < plain.conditions().size(); c++) {
            ConditionReport a = plain.conditions().get(c);
            ConditionReport b = with.conditions().get(c);
            assertEquals(a.metrics(), b.metrics(), a.name());
            assertEquals(a.frechet(), b.frechet(), a.name());
            assertEquals(a.pixelDiversity(), b.pixelDiversity(), a.name());
            assertNull(a.fid());
            assertNull(a.inceptionScore());
            assertEquals(a.name().equals("real"), b.fid() == null, "FID for every condition but the real pictures: " + a.name());
            assertNotNull(b.inceptionScore(), a.name());
            assertTrue(b.inceptionScore() >= 1 && b.inceptionScoreStd() >= 0, a.name() + " IS " + b.inceptionScore());
        }
        // The files: the new fields in report.json and report.md; a run without Inception has none of them.
        Path out = work.resolve("report-inception");
        EvaluationResult written = new EvaluationResult(report, result.grids());
        written.write(out);
        String json = Files.readString(out.resolve("report.json"));
        assertTrue(json.contains("\"sha256\"") && json.contains("\"fid\"") && json.contains("\"inceptionScoreStd\""), json);
        assertEquals(report, new Gson().fromJson(json, EvaluationReport.class));
        Path plainOut = work.resolve("report-plain");
        result.write(plainOut);
        String plainJson = Files.readString(plainOut.resolve("report.json"));
        for (String key : new String[] {"inception", "fid", "inceptionScore", "sha256"}) {
            assertTrue(!plainJson.contains("\"" + key + "\""), "no '" + key + "' without an Inception model");
        }
        String md = Files.readString(out.resolve("report.md"));
        ConditionReport speech = with.condition("speech");
        assertTrue(md.contains(String.format(Locale.ROOT, "| speech | %d | %.4f | %.4f | %.4f | 4 |", speech.images(), speech.fid(),
                speech.inceptionScore(), speech.inceptionScoreStd())), md);
        assertTrue(md.contains(report.inception().sha256()), md);
    }

    @Test
    void conceptTextsAndTextConditionComeFromTheTeacherLanguage() {
        // English records whose captions the teacher cannot read, plus copies in a second language ("tt")
        // that carry the readable captions: with teacherLanguage tt the English rows are scored through them.
        List<ManifestRecord> out = new ArrayList<>();
        for (ManifestRecord r : shapesManifest.records()) {
            out.add(r.toBuilder().caption("zz " + out.size()).build());
            out.add(r.toBuilder().id(r.id() + "-tt").language("tt").build());
        }
        Manifest m = ManifestIO.write(shapesManifest.file().resolveSibling("manifest-teacher-language.jsonl"), out);
        EvaluationConfig.Builder c = EvaluationConfig.builder().languages(List.of("en")).samples(1).seed(5)
                .bootstrapResamples(100).maxRecords(8).gridRows(1);
        List<String> embedded = new ArrayList<>();
        ImageTextTeacher recording = new ImageTextTeacher() {
            @Override
            public float[][] embedTexts(List<String> texts) {
                embedded.addAll(texts);
                return teacher.embedTexts(texts);
            }

            @Override
            public float[][] embedImages(List<java.awt.image.BufferedImage> images) {
                return teacher.embedImages(images);
            }

            @Override
            public int dimension() {
                return teacher.dimension();
            }

            @Override
            public String name() {
                return teacher.name();
            }

            @Override
            public String version() {
                return teacher.version();
            }

            @Override
            public void close() {
            }
        };
        Evaluation evaluation = new Evaluation(pipeline, recording, null);
        LanguageReport viaTeacherLanguage = evaluation.evaluate(m, c.teacherLanguage("tt").build(), l -> { })
                .report().language("en");
        assertTrue(embedded.size() > 8 && embedded.stream().noneMatch(t -> t.startsWith("zz")),
                "only the teacher-language captions are embedded: " + embedded);
        embedded.clear();
        LanguageReport ownCaptions = evaluation.evaluate(m, c.teacherLanguage("en").build(), l -> { })
                .report().language("en");
        assertTrue(embedded.stream().allMatch(t -> t.startsWith("zz")), "own captions: " + embedded);
        double real = viaTeacherLanguage.condition("real").metric("teacher.top1").value();
        assertTrue(real >= 0.8, "real pictures against the readable concept texts: " + real);
        assertEquals(0.0, ownCaptions.condition("real").metric("teacher.top1").value(), 1e-12,
                "unreadable captions give tied concept texts, which count as wrong");
        assertThrows(EvaluationException.class, () -> EvaluationConfig.builder().teacherLanguage(" ").build());
    }

    @Test
    void badInputsAreRefused() throws Exception {
        Evaluation evaluation = new Evaluation(pipeline, teacher, judge);
        EvaluationException language = assertThrows(EvaluationException.class, () -> evaluation.evaluate(shapesManifest,
                EvaluationConfig.builder().languages(List.of("ar")).build(), l -> { }));
        assertTrue(language.getMessage().contains("'ar'") && language.getMessage().contains("[en]"), language.getMessage());
        EvaluationException split = assertThrows(EvaluationException.class, () -> evaluation.evaluate(shapesManifest,
                EvaluationConfig.builder().split(Split.VAL).build(), l -> { }));
        assertTrue(split.getMessage().contains("'val'"), split.getMessage());
        // The same records, written where no picture exists.
        Path elsewhere = Files.createDirectories(work.resolve("no-images"));
        Path audio = elsewhere.resolve("audio");
        Files.createSymbolicLink(audio, work.resolve("corpus").resolve("audio"));
        Manifest noImages = ManifestIO.write(elsewhere.resolve("manifest.jsonl"), shapesManifest.records());
        EvaluationException missing = assertThrows(EvaluationException.class,
                () -> evaluation.evaluate(noImages, config, l -> { }));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        assertThrows(EvaluationException.class, () -> EvaluationConfig.builder().samples(0).build());
        assertThrows(EvaluationException.class, () -> EvaluationConfig.builder().candidates(-1).build());
        // the shapes bundle has no teacher image tower, so it cannot rank candidates
        EvaluationException ranked = assertThrows(EvaluationException.class, () -> evaluation.evaluate(shapesManifest,
                EvaluationConfig.builder().candidates(2).build(), l -> { }));
        assertTrue(ranked.getMessage().contains("no image tower to rank them"), ranked.getMessage());
    }

    @Test
    void commandLineEvaluatesAndTrainsAJudge() throws Exception {
        Path tower = tinyTeacherTower();
        Path out = work.resolve("cli");
        // With a user-supplied Inception model (the stand-in, read with ImageNet normalisation and named outputs).
        Path inception = StandInInception.defaults().write(work.resolve("cli-inception.onnx"));
        String[] args = {"evaluate", "--bundle", bundle.toString(), "--manifest", shapesManifest.file().toString(),
                "--teacher-tower", tower.toString(), "--judge", judgeFile.toString(), "--samples", "1", "--max-records", "4",
                "--bootstrap", "200", "--out", out.toString(), "--inception", inception.toString(), "--inception-normalisation",
                "imagenet", "--inception-features", "pool_3", "--inception-logits", "logits", "--is-splits", "2"};
        CliRun run = cli(args);
        assertEquals(0, run.code, run.err);
        assertTrue(run.out.contains("en speech"), run.out);
        assertTrue(run.out.contains("FID ") && run.out.contains("IS "), run.out);
        EvaluationReport report = new Gson().fromJson(Files.readString(out.resolve("report.json")), EvaluationReport.class);
        LanguageReport en = report.language("en");
        assertEquals(4, en.records());
        assertEquals("imagenet", report.inception().normalisation());
        assertEquals(2, report.inception().splits());
        assertEquals(64, report.inception().sha256().length());
        assertNotNull(en.condition("speech").fid());
        assertEquals(2, en.condition("speech").inceptionScoreSplits());
        assertTrue(en.textSkipped().contains("384-d"), en.textSkipped());
        assertTrue(report.teacher().startsWith("locked-text@"), report.teacher());
        assertTrue(Files.isRegularFile(out.resolve("report.md")));

        Path judgeOut = work.resolve("cli-judge.onnx");
        CliRun train = cli("evaluate", "judge-train", "--manifest", shapesManifest.file().toString(), "--out", judgeOut.toString(),
                "--steps", "10", "--batch", "8", "--image-size", "16", "--val-split", "test");
        assertEquals(0, train.code, train.err);
        try (JudgeClassifier j = JudgeClassifier.load(judgeOut, RuntimeConfig.defaults())) {
            assertEquals(16, j.concepts().size());
        }
        CliRun noVal = cli("evaluate", "judge-train", "--manifest", shapesManifest.file().toString(), "--out", judgeOut.toString(),
                "--steps", "10");
        assertEquals(1, noVal.code);
        assertTrue(noVal.err.contains("'val'"), noVal.err);
        // The demo's denoiser is conditioned on attribute vectors: without a teacher tower captions cannot be put there.
        CliRun fit = cli("evaluate", "denoiser-fit", "--bundle", bundle.toString(), "--manifest", shapesManifest.file().toString(),
                "--split", "test");
        assertEquals(1, fit.code, fit.err);
        assertTrue(fit.err.contains("has no 'teacherImageTower' component"), fit.err);
    }

    /** A locked-text teacher tower trained for a few steps on the demo pictures (real, if weak). */
    private static Path tinyTeacherTower() {
        List<ManifestRecord> pictures = new ArrayList<>(shapesManifest.split(Split.TEST));
        List<String> concepts = pictures.stream().map(ManifestRecord::conceptId).distinct().sorted().toList();
        ImagePreprocessing pre = ImagePreprocessing.symmetric(32);
        float[][] pixels = new float[pictures.size()][];
        int[] labels = new int[pictures.size()];
        for (int i = 0; i < pixels.length; i++) {
            try {
                pixels[i] = pre.apply(ImageIO.read(shapesManifest.resolve(pictures.get(i).imagePath()).toFile()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            labels[i] = concepts.indexOf(pictures.get(i).conceptId());
        }
        Path file = work.resolve("tower.onnx");
        try (MiniLmTextEncoder text = new MiniLmTextEncoder(RuntimeConfig.defaults())) {
            float[][] embeddings = text.embed(concepts.stream().map(c -> "a " + c.replace('-', ' ')).toList());
            ImageTowerConfig shape = ImageTowerConfig.builder().imageSize(32).baseChannels(8).channelMultipliers(1, 2).groups(4)
                    .preprocessing(pre).build();
            TowerTrainingConfig c = TowerTrainingConfig.builder().tower(shape).batchSize(8).reportInterval(10)
                    .training(TrainingConfig.builder().steps(10).seed(1).learningRate(2e-3).build()).build();
            try (var trained = ImageTowerTrainer.train(c, new ContrastiveDataset(pixels, labels, embeddings, 32),
                    (step, loss, scale, view) -> { }).tower()) {
                trained.export(file, text.identity(), Map.of("dataset", "eval-test"));
            }
        }
        return file;
    }

    private record CliRun(int code, String out, String err) {
    }

    static CliRun cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = StaCommand.execute(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
