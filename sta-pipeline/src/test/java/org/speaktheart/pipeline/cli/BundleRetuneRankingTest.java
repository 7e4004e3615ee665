package org.speaktheart.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.models.DefaultModels;
import org.speaktheart.pipeline.BundleRetuner;
import org.speaktheart.pipeline.BundleSettings;
import org.speaktheart.pipeline.CandidateRanker;
import org.speaktheart.pipeline.GeneratedImages;
import org.speaktheart.pipeline.GenerationOptions;
import org.speaktheart.pipeline.GenerationResult;
import org.speaktheart.pipeline.PipelineInputException;
import org.speaktheart.pipeline.SpeechToImagePipeline;
import org.speaktheart.pipeline.bundle.BundleException;
import org.speaktheart.pipeline.bundle.BundleWriter;
import org.speaktheart.pipeline.bundle.DefaultBundle;
import org.speaktheart.pipeline.bundle.ModelBundle;
import org.speaktheart.pipeline.prior.CaptionPrior;
import org.speaktheart.teacher.ImageTower;
import org.speaktheart.teacher.ImageTowerConfig;
import org.speaktheart.teacher.ImageTowerExport;
import org.speaktheart.teacher.LockedTextTeacher;
import org.speaktheart.teacher.OnnxImageTower;
import org.speaktheart.vqvae.TokenGrid;

/**
 * What candidates are ranked against and with: a caption prior added by {@code sta bundle retune --caption-prior}
 * (used for ranking only, the generator is conditioned on the speech embedding and the candidates are ranked
 * against the prior's output; used as the condition, it maps the embedding as the recipe's prior does), the
 * prior's memory written by {@code sta bundle caption-prior}, and a ranker image tower added by
 * {@code --ranker-tower} that ranks instead of the teacher's.
 */
class BundleRetuneRankingTest {
    @TempDir
    Path dir;

    private static AudioClip englishSample() throws IOException {
        try (InputStream in = DefaultModels.samples().get(0).open()) {
            return AudioDecoder.standard().decode(in);
        }
    }

    /** A prior over {@code k} random unit vectors of width {@code d}, written to {@code file}. */
    private static Path randomPrior(Path file, int k, int d, double temperature) throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        float[][] memory = new float[k][d];
        for (float[] row : memory) {
            double n = 0;
            for (int i = 0; i < d; i++) {
                row[i] = (float) r.nextGaussian();
                n += row[i] * row[i];
            }
            for (int i = 0; i < d; i++) {
                row[i] /= (float) Math.sqrt(n);
            }
        }
        Files.write(file, CaptionPrior.export(memory, temperature, Map.of("test", "random memory")));
        return file;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void rankingUseConditionsOnTheEmbeddingAndRanksAgainstThePriorsOutput() throws IOException {
        AudioClip clip = englishSample();
        float[] embedding;
        int width;
        try (SpeechToImagePipeline p = SpeechToImagePipeline.builder(DefaultBundle.open()).build()) {
            embedding = p.embed(clip, "en").vector();
            width = embedding.length;
        }
        // a sharp prior, so its output is far from the embedding and the ranking target matters
        Path priorFile = randomPrior(dir.resolve("my-prior.onnx"), 30, width, 0.01);
        Path ranking = dir.resolve("ranking");
        assertEquals(0, StaCommand.execute("bundle", "retune", "-o", ranking.toString(), "--version", "9.9.1", "--steps", "10",
                "--candidates", "4", "--caption-prior", priorFile.toString(), "--caption-prior-use", "ranking"));
        Path condition = dir.resolve("condition");
        assertEquals(0, StaCommand.execute("bundle", "retune", "--bundle", ranking.toString(), "-o", condition.toString(),
                "--version", "9.9.2", "--caption-prior-use", "condition"));

        float[] mapped;
        try (CaptionPrior prior = CaptionPrior.load(priorFile, RuntimeConfig.defaults())) {
            mapped = prior.apply(embedding);
        }
        assertTrue(maxAbsDiff(mapped, embedding) > 0.1, "the prior moves the embedding");
        SamplerConfig tuned;
        GenerationResult byDefault;
        try (ModelBundle b = ModelBundle.open(ranking)) {
            assertEquals(CaptionPrior.FILE_NAME, b.manifest().components().get(ModelBundle.CAPTION_PRIOR).file(),
                    "stored under the prior's bundle name, not the given file's");
            assertEquals(CaptionPrior.Use.RANKING, BundleSettings.captionPriorUse(b));
            tuned = BundleSettings.sampler(b);
        }
        try (SpeechToImagePipeline p = SpeechToImagePipeline.builder(ModelBundle.open(ranking)).build()) {
            assertEquals(CaptionPrior.Use.RANKING, p.captionPriorUse());
            assertArrayEquals(embedding, p.condition(embedding), "ranking use: the condition is the embedding itself");
            assertTrue(maxAbsDiff(mapped, p.rankingTarget(embedding)) < 1e-6);
            byDefault = p.generate(clip, GenerationOptions.builder().seed(5).language("en").build());
            assertEquals(4, byDefault.candidates());
        }
        try (SpeechToImagePipeline source = SpeechToImagePipeline.builder(DefaultBundle.open()).build()) {
            GeneratedImages againstPrior = source.sample(embedding, mapped, 1, 5, tuned, 4);
            assertEquals(againstPrior.tokens(), byDefault.tokens());
            assertEquals(againstPrior.scores(), byDefault.scores());
            GeneratedImages againstCondition = source.sample(embedding, 1, 5, tuned, 4);
            assertNotEquals(againstCondition.scores(), byDefault.scores(), "the ranking target is not the condition");
            assertThrows(PipelineInputException.class,
                    () -> source.sample(embedding, new float[width - 1], 1, 5, tuned, 4));
        }
        try (SpeechToImagePipeline p = SpeechToImagePipeline.builder(ModelBundle.open(condition)).build()) {
            assertEquals(CaptionPrior.Use.CONDITION, p.captionPriorUse());
            assertTrue(maxAbsDiff(mapped, p.condition(embedding)) < 1e-6, "condition use: the prior maps the condition");
            assertArrayEquals(p.condition(embedding), p.rankingTarget(embedding));
        }
        String shown = BundleCommandTest.run("bundle", "show", "--bundle", ranking.toString());
        assertTrue(shown.contains("prior       caption prior used for ranking"), shown);
    }

    @Test
    void refusesAPriorUseWithoutAPriorAndFilesThatAreNotPriorsOfTheRightWidth() throws IOException {
        Path out = dir.resolve("refused");
        assertEquals(1, StaCommand.execute("bundle", "retune", "-o", out.toString(), "--version", "9.9.1",
                "--caption-prior-use", "ranking"), "the embedded default has no prior");
        assertEquals(1, StaCommand.execute("bundle", "retune", "-o", out.toString(), "--version", "9.9.1",
                "--caption-prior-use", "sometimes"));
        Path narrow = randomPrior(dir.resolve("narrow.onnx"), 5, 7, 0.1);
        assertEquals(1, StaCommand.execute("bundle", "retune", "-o", out.toString(), "--version", "9.9.1",
                "--caption-prior", narrow.toString()));
        try (ModelBundle source = DefaultBundle.open()) {
            Path denoiser = source.component(ModelBundle.DENOISER);
            BundleRetuner.Changes denoiserAsPrior = new BundleRetuner.Changes(BundleSettings.sampler(source), 1)
                    .withCaptionPrior(denoiser, null);
            BundleException e = assertThrows(BundleException.class, () -> BundleRetuner.retune(source, out, "9.9.1",
                    denoiserAsPrior, "test"));
            assertTrue(e.getMessage().contains("as a caption prior"), e.getMessage());

            // a bundle that names a prior use but has no prior is refused at load
            Path orphan = dir.resolve("orphan");
            BundleWriter w = new BundleWriter(source.manifest().name(), "0.0.1");
            source.manifest().languages().forEach(w::language);
            source.manifest().components().keySet().forEach(role -> w.component(role, source.component(role)));
            source.manifest().settings().forEach(w::settings);
            w.settings(BundleSettings.CAPTION_PRIOR, BundleSettings.captionPrior(CaptionPrior.Use.RANKING));
            w.write(orphan);
            BundleException load = assertThrows(BundleException.class,
                    () -> SpeechToImagePipeline.builder(ModelBundle.open(orphan)).build());
            assertTrue(load.getMessage().contains("has no '" + ModelBundle.CAPTION_PRIOR + "' component"), load.getMessage());

            // two components under one file name would overwrite each other: refused, nothing written
            BundleWriter clash = new BundleWriter("clash", "0.0.1");
            clash.component(ModelBundle.DENOISER, denoiser);
            clash.component(ModelBundle.CAPTION_PRIOR, narrow, denoiser.getFileName().toString());
            BundleException c = assertThrows(BundleException.class, () -> clash.write(dir.resolve("clash")));
            assertTrue(c.getMessage().contains("would both be stored as " + denoiser.getFileName()), c.getMessage());
            assertFalse(Files.exists(dir.resolve("clash")));
        }
        assertFalse(Files.exists(out));
    }

    /** An untrained image tower of width {@code dim} claiming to be trained against {@code textTower}. */
    private static Path randomTower(Path file, int dim, String textTower) {
        ImageTowerConfig c = ImageTowerConfig.builder().imageSize(16).baseChannels(4).channelMultipliers(1, 2).groups(2)
                .embeddingDim(dim).build();
        Engine engine = Engine.getEngine(TrainingLoop.ENGINE);
        try (NDManager m = engine.newBaseManager()) {
            engine.setRandomSeed(7);
            ImageTower tower = new ImageTower(c);
            tower.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            ImageTowerExport.write(tower, textTower, Map.of("test", "untrained ranker"), file);
        }
        return file;
    }

    @Test
    void aRankerTowerRanksInsteadOfTheTeachersAndMustShareItsSpace() throws IOException {
        AudioClip clip = englishSample();
        String textTower;
        try (ModelBundle b = DefaultBundle.open(); OnnxImageTower teacher = OnnxImageTower.load(
                b.component(ModelBundle.TEACHER_IMAGE_TOWER), RuntimeConfig.defaults(), 1)) {
            textTower = teacher.textTower();
        }
        float[] embedding;
        try (SpeechToImagePipeline p = SpeechToImagePipeline.builder(DefaultBundle.open()).build()) {
            embedding = p.embed(clip, "en").vector();
        }
        Path rankerFile = randomTower(dir.resolve("my-ranker.onnx"), embedding.length, textTower);
        Path out = dir.resolve("ranked");
        assertEquals(0, StaCommand.execute("bundle", "retune", "-o", out.toString(), "--version", "9.9.3", "--steps", "10",
                "--candidates", "4", "--ranker-tower", rankerFile.toString()));
        SamplerConfig tuned;
        GenerationResult byDefault;
        try (SpeechToImagePipeline p = SpeechToImagePipeline.builder(ModelBundle.open(out)).build()) {
            assertEquals(BundleRetuner.RANKER_FILE_NAME,
                    p.bundle().manifest().components().get(ModelBundle.RANKER_IMAGE_TOWER).file());
            assertEquals(ModelBundle.RANKER_IMAGE_TOWER, CandidateRanker.towerRole(p.bundle()));
            tuned = p.defaultSampler();
            byDefault = p.generate(clip, GenerationOptions.builder().seed(5).language("en").build());
        }
        try (SpeechToImagePipeline source = SpeechToImagePipeline.builder(DefaultBundle.open()).build();
             CandidateRanker ranker = CandidateRanker.load(rankerFile, RuntimeConfig.defaults())) {
            List<TokenGrid> grids = source.tokens(embedding, 4, 5, tuned);
            double[] scores = ranker.scores(embedding, source.decode(grids));
            int best = 0;
            for (int c = 1; c < 4; c++) {
                best = scores[c] > scores[best] ? c : best;
            }
            assertEquals(List.of(grids.get(best)), byDefault.tokens(), "the ranker's best candidate is kept");
            assertEquals(List.of(scores[best]), byDefault.scores());
            assertNotEquals(source.sample(embedding, 1, 5, tuned, 4).scores(), byDefault.scores(), "not the teacher's scores");
        }
        assertTrue(BundleCommandTest.run("bundle", "show", "--bundle", out.toString())
                .contains("candidates  4 per image (best by the " + ModelBundle.RANKER_IMAGE_TOWER + ")"));

        Path refused = dir.resolve("refused");
        Path otherSpace = randomTower(dir.resolve("other-space.onnx"), embedding.length, "some-other-text-tower");
        try (ModelBundle source = DefaultBundle.open()) {
            BundleRetuner.Changes changes = new BundleRetuner.Changes(BundleSettings.sampler(source), 4).withRankerTower(otherSpace);
            BundleException e = assertThrows(BundleException.class, () -> BundleRetuner.retune(source, refused, "9.9.4", changes,
                    "test"));
            assertTrue(e.getMessage().contains("trained against text tower some-other-text-tower"), e.getMessage());
        }
        Path narrow = randomTower(dir.resolve("narrow-tower.onnx"), 6, textTower);
        assertEquals(1, StaCommand.execute("bundle", "retune", "-o", refused.toString(), "--version", "9.9.4", "--ranker-tower",
                narrow.toString()));
        Path notATower = randomPrior(dir.resolve("prior.onnx"), 3, embedding.length, 0.1);
        assertEquals(1, StaCommand.execute("bundle", "retune", "-o", refused.toString(), "--version", "9.9.4", "--ranker-tower",
                notATower.toString()));
        assertFalse(Files.exists(refused));
    }

    @Test
    void captionPriorCommandEmbedsTheDistinctEnglishTrainCaptionsWithTheTeacher() throws IOException {
        List<String> captions = List.of("a red apple", "a blue car", "a smiling face");
        List<ManifestRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < captions.size(); i++) {
            String c = captions.get(i);
            for (String voice : List.of("v1", "v2")) { // the same caption twice: one memory row
                records.add(new ManifestRecord("en-" + i + "-" + voice, "img" + i + ".png", "c" + i, c, "en", voice,
                        "a" + i + voice + ".wav", Split.TRAIN, Map.of()));
            }
            records.add(new ManifestRecord("ar-" + i, "img" + i + ".png", "c" + i, "تفاحة " + i, "ar", "v3", "b" + i + ".wav",
                    Split.TRAIN, Map.of()));
            records.add(new ManifestRecord("test-" + i, "img" + i + ".png", "c" + i, "held out " + c, "en", "v4", "t" + i + ".wav",
                    Split.TEST, Map.of()));
        }
        Path manifest = dir.resolve("manifest.jsonl");
        ManifestIO.write(manifest, records);
        Path tower;
        try (ModelBundle b = DefaultBundle.open()) {
            tower = dir.resolve("tower.onnx");
            Files.copy(b.component(ModelBundle.TEACHER_IMAGE_TOWER), tower);
        }
        Path out = dir.resolve("prior.onnx");
        String log = BundleCommandTest.run("bundle", "caption-prior", "--manifest", manifest.toString(), "--teacher-tower", tower.toString(),
                "--temperature", "0.001", "-o", out.toString());
        assertTrue(log.contains("3 distinct English train captions"), log);

        float[][] texts;
        try (LockedTextTeacher teacher = LockedTextTeacher.load(tower, RuntimeConfig.defaults(), 8)) {
            texts = teacher.embedTexts(captions);
        }
        try (CaptionPrior prior = CaptionPrior.load(out, RuntimeConfig.defaults())) {
            assertEquals(3, prior.captions());
            assertEquals(0.001, prior.temperature());
            // at a tiny temperature a caption's own text embedding maps to itself
            for (float[] t : texts) {
                assertTrue(maxAbsDiff(t, prior.apply(t)) < 1e-4, "nearest caption returned");
            }
        }
        assertEquals(1, StaCommand.execute("bundle", "caption-prior", "--manifest", manifest.toString(), "--teacher-tower",
                tower.toString(), "--temperature", "0", "-o", dir.resolve("zero.onnx").toString()));
        assertFalse(Files.exists(dir.resolve("zero.onnx")));
    }
}
