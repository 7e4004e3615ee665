package org.speaktheart.pipeline.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.onnx.OnnxWeights;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.core.train.Checkpoint;
import org.speaktheart.core.train.CheckpointStore;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.data.shapes.ShapesCorpus;
import org.speaktheart.diffusion.network.DenoiserConfig;
import org.speaktheart.pipeline.GeneratedImages;
import org.speaktheart.pipeline.GenerationOptions;
import org.speaktheart.pipeline.GenerationResult;
import org.speaktheart.pipeline.PipelineInputException;
import org.speaktheart.pipeline.SpeechToImagePipeline;
import org.speaktheart.encoder.langid.LanguageGuess;
import org.speaktheart.encoder.langid.LanguageIdTrainer;
import org.speaktheart.encoder.langid.LanguageIdTrainingConfig;
import org.speaktheart.pipeline.bundle.BundleException;
import org.speaktheart.pipeline.bundle.BundleWriter;
import org.speaktheart.pipeline.bundle.ModelBundle;
import org.speaktheart.teacher.Embeddings;
import org.speaktheart.teacher.LockedTextTeacher;
import org.speaktheart.pipeline.cli.StaCommand;

/**
 * The training recipe end to end on the tiny spoken shapes corpus (English and Arabic), with tiny models
 * and a handful of steps: a first {@code sta train} trains every stage and writes a bundle the pipeline
 * generates from; the same command again skips every stage; asking for twice the denoiser steps resumes the
 * denoiser from its checkpoint; a run with provided components trains only the denoiser; and a denoiser
 * started from another run's checkpoint takes its weight average.
 */
class TrainRecipeTest {
    @TempDir
    static Path dir;
    private static Manifest corpus;

    @BeforeAll
    static void corpus() {
        corpus = ShapesCorpus.tiny(dir.resolve("corpus"), true);
    }

    private static List<String> args(Path work, int denoiserSteps) {
        return new ArrayList<>(List.of("train", "--manifest", corpus.file().toString(), "--work-dir", work.toString(),
                "--languages", "en,ar", "--seed", "3", "--checkpoint-interval", "5",
                "--tokenizer-steps", "20", "--tokenizer-size", "32", "--tokenizer-codes", "16", "--tokenizer-channels", "8",
                "--tokenizer-code-dim", "8", "--tokenizer-batch", "4",
                "--teacher-steps", "10", "--teacher-size", "32", "--teacher-channels", "8", "--teacher-batch", "4",
                "--encoder-steps", "10", "--encoder-width", "32", "--encoder-layers", "1", "--encoder-heads", "2",
                "--encoder-batch", "4", "--encoder-noise", "0",
                "--denoiser-steps", Integer.toString(denoiserSteps), "--denoiser-width", "32", "--denoiser-depth", "1",
                "--denoiser-heads", "2", "--diffusion-steps", "4", "--denoiser-batch", "4", "--denoiser-ema", "0",
                "--condition-mix", "speech=2,text=1,image=1", "--caption-prior-temperature", "0.05"));
    }

    private static int sta(List<String> args, StringBuilder out) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            return StaCommand.execute(args.toArray(String[]::new));
        } finally {
            System.setOut(original);
            out.append(bytes.toString(StandardCharsets.UTF_8));
        }
    }

    private static Map<String, StageMarker> markers(Path work) {
        Map<String, StageMarker> m = new LinkedHashMap<>();
        for (String stage : TrainRecipe.STAGES) {
            m.put(stage, StageMarker.read(work.resolve(stage)).orElseThrow(() -> new AssertionError("no marker for " + stage)));
        }
        return m;
    }

    @Test
    void trainsSkipsAndResumes() throws Exception {
        Path work = dir.resolve("work");
        StringBuilder log = new StringBuilder();
        assertEquals(0, sta(args(work, 10), log), log::toString);
        Map<String, StageMarker> first = markers(work);
        for (String stage : List.of("tokenizer", "teacher", "encoder", "denoiser")) {
            Path png = work.resolve(stage).resolve("loss.png");
            BufferedImage curve = ImageIO.read(png.toFile());
            assertEquals(800, curve.getWidth(), stage + " loss curve");
            assertTrue(first.get(stage).outputs().containsKey("loss.png"));
            assertTrue(LossCurves.read(work.resolve(stage).resolve("metrics.jsonl")).size() >= 10, stage);
        }
        assertEquals(10.0, first.get("denoiser").figures().get("steps"));
        assertEquals(0.0, first.get("denoiser").figures().get("resumedFromStep"));
        assertTrue(first.get("denoiser").figures().get("pairs.speech") > 0);

        Path bundleDir = work.resolve("bundle");
        try (ModelBundle bundle = ModelBundle.open(bundleDir)) {
            assertEquals(List.of("en", "ar"), bundle.manifest().languages());
            assertTrue(bundle.has(ModelBundle.TEACHER_IMAGE_TOWER));
            assertEquals(10.0, bundle.manifest().figures().get("denoiser.steps"));
            assertTrue(bundle.manifest().figures().containsKey("tokenizer.heldOutPsnr"));
            assertTrue(bundle.manifest().figures().containsKey("encoder.testSpeechToTeacherR1Ratio.ar"));
            assertEquals("3", bundle.manifest().provenance().get("seed"));
            assertTrue(bundle.manifest().provenance().get("command").startsWith("sta train --manifest"));
            assertEquals("trained", bundle.manifest().provenance().get("denoiser.status"));
            assertTrue(bundle.has(ModelBundle.LANGUAGE_IDENTIFIER), "two languages: the bundle identifies them");
            double idTest = bundle.manifest().figures().get("language-id.testAccuracy");
            assertTrue(idTest >= 0 && idTest <= 1, "test accuracy " + idTest);
            assertTrue(bundle.has(ModelBundle.CAPTION_PRIOR), "a caption prior was asked for");
            long englishTrainCaptions = corpus.split(Split.TRAIN).stream().filter(x -> x.language().equals("en"))
                    .map(ManifestRecord::caption).distinct().count();
            assertEquals((double) englishTrainCaptions, bundle.manifest().figures().get("caption-prior.captions"));
        }
        ManifestRecord test = corpus.records().stream().filter(r -> r.split() == Split.TEST && r.hasAudio()
                && r.language().equals("ar")).findFirst().orElseThrow();
        try (SpeechToImagePipeline pipeline = SpeechToImagePipeline.builder(ModelBundle.open(bundleDir)).build()) {
            GenerationResult g = pipeline.generate(corpus.resolve(test.audioPath()),
                    GenerationOptions.builder().seed(5).language("ar").build());
            assertEquals(32, g.image().getWidth());
            GenerationResult again = pipeline.generate(corpus.resolve(test.audioPath()),
                    GenerationOptions.builder().seed(5).language("ar").build());
            assertTrue(sameImage(g.image(), again.image()), "same seed, same image");
            assertEquals(null, g.detectedLanguage(), "a named language is not identified");

            // no language named: the bundle's identifier names it, and the condition is the same vector
            assertTrue(pipeline.identifiesLanguage());
            GenerationResult auto = pipeline.generate(corpus.resolve(test.audioPath()), GenerationOptions.builder().seed(5).build());
            LanguageGuess guess = auto.detectedLanguage();
            assertTrue(List.of("en", "ar").contains(guess.language()), guess.toString());
            assertEquals(guess.language(), auto.language());
            assertEquals(1.0, guess.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
            assertEquals(guess, pipeline.identifyLanguage(auto.embedding()).orElseThrow());
            assertTrue(sameImage(g.image(), auto.image()), "the declared language does not change the image");

            // the caption prior moves the speech embedding to a unit mix of caption embeddings before sampling
            assertTrue(pipeline.hasCaptionPrior());
            float[] condition = pipeline.condition(g.embedding());
            double norm = 0;
            double moved = 0;
            for (int i = 0; i < condition.length; i++) {
                norm += condition[i] * condition[i];
                moved = Math.max(moved, Math.abs(condition[i] - g.embedding().vector()[i]));
            }
            assertEquals(1.0, norm, 1e-4);
            assertTrue(moved > 1e-3, "the prior changed the condition");
            List<BufferedImage> viaParts = pipeline.decode(pipeline.tokens(condition, 1, 5, pipeline.defaultSampler()));
            assertTrue(sameImage(g.image(), viaParts.get(0)), "generate = condition -> tokens -> decode");

            // best of K: each image is the candidate whose teacher embedding is closest to the condition
            assertTrue(pipeline.ranksCandidates(), "the recipe's bundle carries the teacher image tower");
            assertEquals(1, pipeline.defaultCandidates());
            var sampler = pipeline.defaultSampler();
            GeneratedImages single = pipeline.sample(condition, 2, 9, sampler, 1);
            GeneratedImages ranked = pipeline.sample(condition, 2, 9, sampler, 3);
            GeneratedImages rows = pipeline.sample(condition, 6, 9, sampler, 1);
            assertTrue(single.scores().isEmpty());
            assertEquals(2, ranked.images().size());
            double[] reference;
            try (LockedTextTeacher teacher = LockedTextTeacher.load(bundleDir.resolve("image-tower.onnx"),
                    org.speaktheart.core.runtime.RuntimeConfig.defaults(), 4)) {
                float[][] e = teacher.embedImages(rows.images());
                reference = new double[e.length];
                double length = Math.sqrt(Embeddings.dot(condition, condition));
                for (int row = 0; row < e.length; row++) {
                    reference[row] = Embeddings.dot(condition, e[row]) / length;
                }
            }
            for (int i = 0; i < 2; i++) {
                assertTrue(sameImage(single.images().get(i), rows.images().get(i)), "candidate 0 is the unranked image");
                int best = i;
                for (int c = 1; c < 3; c++) {
                    best = reference[c * 2 + i] > reference[best] ? c * 2 + i : best;
                }
                assertEquals(reference[best], ranked.scores().get(i), 1e-5, "image " + i + " scores the best of its 3 candidates");
                assertTrue(sameImage(rows.images().get(best), ranked.images().get(i)), "image " + i + " is that candidate");
                assertEquals(rows.tokens().get(best), ranked.tokens().get(i));
                assertTrue(ranked.scores().get(i) >= reference[i] - 1e-9, "ranking never loses to candidate 0");
            }
            GenerationResult best = pipeline.generate(corpus.resolve(test.audioPath()),
                    GenerationOptions.builder().seed(9).samples(2).candidates(3).language("ar").build());
            assertEquals(3, best.candidates());
            assertEquals(ranked.scores(), best.scores(), "generate ranks the same candidates");
            assertTrue(best.timings().rankMillis() > 0);
            PipelineInputException tooMany = assertThrows(PipelineInputException.class,
                    () -> pipeline.sample(condition, 1, 9, sampler, GenerationOptions.MAX_CANDIDATES + 1));
            assertTrue(tooMany.getMessage().contains("candidates must be in 1..16"), tooMany.getMessage());
            PipelineInputException rowsRefused = assertThrows(PipelineInputException.class,
                    () -> GenerationOptions.builder().samples(64).candidates(3).build());
            assertTrue(rowsRefused.getMessage().contains("samples x candidates must be at most 128"), rowsRefused.getMessage());
            StringBuilder cli = new StringBuilder();
            assertEquals(0, sta(List.of("generate", "--bundle", bundleDir.toString(), "--out", dir.resolve("ranked").toString(),
                    "--language", "ar", "--candidates", "2", corpus.resolve(test.audioPath()).toString()), cli), cli::toString);
            assertTrue(cli.toString().contains("best of 2, teacher cosine"), cli::toString);
        }

        // an identifier bound to another encoder is refused when the pipeline is built
        Path foreignEncoder = Files.writeString(dir.resolve("other-encoder.onnx"), "another encoder");
        Path foreignId = dir.resolve("foreign-langid.onnx");
        LanguageIdTrainer.train(foreignEncoder, List.of(new float[8], new float[] {1, 1, 1, 1, 1, 1, 1, 1}),
                List.of("en", "ar"), List.of("en", "ar"), new LanguageIdTrainingConfig(1, 2, 0.01, 0, 1), foreignId, s -> { });
        Path mixed = dir.resolve("mixed-bundle");
        try (ModelBundle bundle = ModelBundle.open(bundleDir)) {
            BundleWriter w = new BundleWriter("mixed", "0.0.1");
            for (String role : bundle.manifest().components().keySet()) {
                w.component(role, role.equals(ModelBundle.LANGUAGE_IDENTIFIER) ? foreignId : bundle.component(role));
            }
            bundle.manifest().settings().forEach(w::settings);
            bundle.manifest().languages().forEach(w::language);
            w.write(mixed);
        }
        BundleException refused = assertThrows(BundleException.class,
                () -> SpeechToImagePipeline.builder(ModelBundle.open(mixed)).build());
        assertTrue(refused.getMessage().contains("the language identifier was trained on the frames of encoder "
                + Embeddings.sha256(foreignEncoder)), refused.getMessage());

        // the same command again: every stage is finished, nothing is retrained
        StringBuilder second = new StringBuilder();
        assertEquals(0, sta(args(work, 10), second), second::toString);
        Map<String, StageMarker> unchanged = markers(work);
        for (String stage : TrainRecipe.STAGES) {
            assertEquals(first.get(stage).finishedAtMillis(), unchanged.get(stage).finishedAtMillis(), stage + " was re-run");
            assertTrue(second.toString().contains(stage + ": finished earlier"), second::toString);
        }

        // twice the denoiser steps: the upstream stages stay, the denoiser resumes from its step-10 checkpoint
        StringBuilder third = new StringBuilder();
        assertEquals(0, sta(args(work, 20), third), third::toString);
        Map<String, StageMarker> resumed = markers(work);
        for (String stage : List.of("tokenizer", "teacher", "encoder")) {
            assertEquals(first.get(stage).finishedAtMillis(), resumed.get(stage).finishedAtMillis(), stage);
        }
        assertEquals(10.0, resumed.get("denoiser").figures().get("resumedFromStep"));
        assertEquals(20.0, resumed.get("denoiser").figures().get("steps"));
        assertNotEquals(first.get("denoiser").outputs().get("denoiser.onnx"), resumed.get("denoiser").outputs().get("denoiser.onnx"));
        assertTrue(resumed.get("bundle").finishedAtMillis() > first.get("bundle").finishedAtMillis(), "bundle rewritten");
        TreeMap<Long, Double> losses = LossCurves.read(work.resolve("denoiser").resolve("metrics.jsonl"));
        assertEquals(20, losses.size(), "steps 0..19 each once in the final history");
        try (ModelBundle bundle = ModelBundle.open(bundleDir)) {
            assertEquals(20.0, bundle.manifest().figures().get("denoiser.steps"));
        }

        // provided components: only the denoiser and the bundle are made in a fresh work directory
        RecipeConfig provided = withProvided(work, "provided")
                .denoiser(DenoiserOptions.builder().width(32).depth(1).heads(2).diffusionSteps(4).steps(6)
                        .batchSize(4).learningRate(1e-3).emaDecay(0.9)
                        .mix(ConditionMix.parse("text=1,image=1")).build())
                .sampling(4, 0.8).candidates(3).build();
        List<String> lines = new ArrayList<>();
        TrainRecipe.Result r = TrainRecipe.run(provided, lines::add);
        assertEquals(List.of(StageResult.Status.PROVIDED, StageResult.Status.PROVIDED, StageResult.Status.PROVIDED,
                StageResult.Status.TRAINED, StageResult.Status.TRAINED), r.stages().stream().map(StageResult::status).toList());
        assertFalse(Files.exists(dir.resolve("provided").resolve("tokenizer")));
        assertFalse(r.stage("denoiser").figures().containsKey("pairs.speech"), "no speech pairs");
        assertTrue(r.stage("denoiser").figures().get("pairs.text") > 0);
        try (ModelBundle bundle = ModelBundle.open(r.bundle())) {
            assertEquals(List.of("en"), bundle.manifest().languages());
            assertEquals("provided", bundle.manifest().provenance().get("encoder.status"));
        }
        try (SpeechToImagePipeline pipeline = SpeechToImagePipeline.builder(ModelBundle.open(r.bundle())).build()) {
            assertEquals(4.0, pipeline.defaultSampler().guidanceScale(), "the bundle's default guidance");
            assertEquals(0.8, pipeline.defaultSampler().truncationRate(), "the bundle's default truncation");
            assertEquals(4, pipeline.defaultSampler().steps());
            assertEquals(3, pipeline.defaultCandidates(), "the bundle's default candidates");
            GenerationResult g = pipeline.generate(corpus.resolve(corpus.split(Split.TEST).stream().filter(ManifestRecord::hasAudio)
                    .filter(x -> x.language().equals("en")).findFirst().orElseThrow().audioPath()));
            assertEquals(3, g.candidates());
            assertEquals(1, g.scores().size());
        }

        // fine-tuning: a denoiser started from the provided run's step-6 checkpoint takes its weight average
        Path source = dir.resolve("provided").resolve("denoiser").resolve(RecipeData.CHECKPOINTS)
                .resolve(CheckpointStore.directoryName(6));
        RecipeConfig fineTune = withProvided(work, "fine-tuned").denoiserInit(source)
                .denoiser(oneStillStep().build())
                .build();
        List<String> tuneLog = new ArrayList<>();
        TrainRecipe.run(fineTune, tuneLog::add);
        assertTrue(tuneLog.stream().anyMatch(l -> l.contains("starting from the weight average of")), tuneLog::toString);
        assertTrue(StageMarker.read(dir.resolve("fine-tuned").resolve("denoiser")).orElseThrow().provenance().get("options")
                .contains("conditionNoise=1.0"), "the noise reached the stage");
        Path tuned = dir.resolve("fine-tuned").resolve("denoiser").resolve(RecipeData.CHECKPOINTS)
                .resolve(CheckpointStore.directoryName(1));
        try (NDManager m = Engine.getEngine(TrainingLoop.ENGINE).newBaseManager();
                Checkpoint from = CheckpointStore.read(source, m); Checkpoint after = CheckpointStore.read(tuned, m)) {
            // one step at a learning rate of 1e-12 leaves the started weights as they were
            assertTrue(maxAbsDiff(from.ema(), after.parameters()) < 1e-6, "starts from the weight average");
            assertTrue(maxAbsDiff(from.parameters(), after.parameters()) > 1e-4, "not from the raw step-6 weights");
        }

        // the same from the provided run's exported denoiser (its bundle's denoiser.onnx, the weight average)
        Path exported = r.bundle().resolve("denoiser.onnx");
        RecipeConfig fromOnnx = withProvided(work, "from-onnx").denoiserInit(exported)
                .denoiser(oneStillStep().build())
                .build();
        List<String> onnxLog = new ArrayList<>();
        TrainRecipe.Result fromOnnxRun = TrainRecipe.run(fromOnnx, onnxLog::add);
        assertTrue(onnxLog.stream().anyMatch(l -> l.contains("starting from the exported weights of")), onnxLog::toString);
        Map<String, OnnxWeights.Tensor> before = OnnxWeights.read(exported).tensors();
        Map<String, OnnxWeights.Tensor> after = OnnxWeights.read(fromOnnxRun.bundle().resolve("denoiser.onnx")).tensors();
        assertEquals(before.keySet(), after.keySet());
        double drift = 0;
        for (String name : before.keySet()) {
            drift = Math.max(drift, Tolerance.maxAbsDiff(before.get(name).values(), after.get(name).values()));
        }
        assertTrue(drift < 1e-6, "one step at a learning rate of 1e-12 keeps the exported weights: " + drift);
        // an exported denoiser of another width is refused with what must agree
        RecipeConfig widerFromOnnx = wider(work, "wider-onnx", exported);
        RecipeException otherWidth = assertThrows(RecipeException.class, () -> TrainRecipe.run(widerFromOnnx, line -> { }));
        assertTrue(otherWidth.getMessage().contains("width 32 -> 64"), otherWidth.getMessage());
        assertFalse(Files.exists(dir.resolve("wider-onnx").resolve("bundle")), "nothing bundled");

        // the same start, seed and batch with a heavier auxiliary x0 term: the stage trains on that loss
        RecipeConfig heavier = withProvided(work, "fine-tuned-aux").denoiserInit(source)
                .denoiser(oneStillStep().auxiliaryWeight(50).build())
                .build();
        TrainRecipe.run(heavier, line -> { });
        StageMarker plain = StageMarker.read(dir.resolve("fine-tuned").resolve("denoiser")).orElseThrow();
        StageMarker heavy = StageMarker.read(dir.resolve("fine-tuned-aux").resolve("denoiser")).orElseThrow();
        assertTrue(heavy.provenance().get("options").contains("auxiliaryWeight=50.0"), heavy.provenance().toString());
        assertTrue(heavy.figures().get("lastLoss") > 2 * plain.figures().get("lastLoss"),
                heavy.figures() + " against " + plain.figures());

        // a checkpoint of another network is refused with the options that must agree
        RecipeConfig wider = wider(work, "wider", source);
        RecipeException e = assertThrows(RecipeException.class, () -> TrainRecipe.run(wider, line -> { }));
        assertTrue(e.getMessage().contains("cannot start the denoiser from") && e.getMessage().contains("same width"),
                e.getMessage());
        // condition tokens add weights: a checkpoint without them is refused, naming them
        RecipeConfig withTokens = withProvided(work, "tokens").denoiserInit(source)
                .denoiser(DenoiserOptions.builder().width(32).depth(1).heads(2).diffusionSteps(4).steps(1)
                        .batchSize(4).learningRate(1e-3).emaDecay(0)
                        .mix(ConditionMix.parse("text=1"))
                        .conditionTokens(2).build())
                .build();
        e = assertThrows(RecipeException.class, () -> TrainRecipe.run(withTokens, line -> { }));
        assertTrue(e.getMessage().contains("condition tokens"), e.getMessage());
        // from scratch they reach the network the stage trains and exports
        RecipeConfig fresh = withProvided(work, "tokens-fresh")
                .denoiser(DenoiserOptions.builder().width(32).depth(1).heads(2).diffusionSteps(4).steps(1)
                        .batchSize(4).learningRate(1e-3).emaDecay(0)
                        .mix(ConditionMix.parse("text=1"))
                        .conditionTokens(2).build())
                .build();
        TrainRecipe.run(fresh, line -> { });
        StageMarker tokens = StageMarker.read(dir.resolve("tokens-fresh").resolve("denoiser")).orElseThrow();
        assertTrue(tokens.provenance().get("options").endsWith("conditionTokens=2]"), tokens.provenance().toString());
        assertEquals(2, DenoiserConfig.fromJson(tokens.provenance().get("config"))
                .conditionTokens());
    }

    @Test
    void refusesAStartCheckpointThatIsNotOne() {
        RecipeConfig c = RecipeConfig.builder(corpus.file(), dir.resolve("no-init"))
                .denoiserInit(dir.resolve("corpus")).build();
        RecipeException e = assertThrows(RecipeException.class, () -> TrainRecipe.run(c, line -> { }));
        assertTrue(e.getMessage().contains("is not a training checkpoint"), e.getMessage());
    }

    /** A denoiser twice as wide as the provided run's, started from {@code init} (a checkpoint or an export of it). */
    private static RecipeConfig wider(Path work, String name, Path init) {
        return withProvided(work, name).denoiserInit(init)
                .denoiser(DenoiserOptions.builder().width(64).depth(1).heads(2).diffusionSteps(4).steps(1)
                        .batchSize(4).learningRate(1e-3).emaDecay(0).mix(ConditionMix.parse("text=1")).build())
                .build();
    }

    /** One denoiser step at a learning rate of 1e-12, which leaves the started weights as they were. */
    private static DenoiserOptions.Builder oneStillStep() {
        return DenoiserOptions.builder().width(32).depth(1).heads(2).diffusionSteps(4).steps(1).batchSize(4)
                .learningRate(1e-12).emaDecay(0).mix(ConditionMix.parse("speech=1,text=1")).conditionNoise(1.0);
    }

    /** A recipe in {@code dir/name} that takes the tokenizer, teacher and encoder trained in {@code work} (English, seed 4). */
    private static RecipeConfig.Builder withProvided(Path work, String name) {
        return RecipeConfig.builder(corpus.file(), dir.resolve(name)).languages(List.of("en")).seed(4).checkpointInterval(5)
                .providedTokenizer(work.resolve("tokenizer"))
                .providedTeacherTower(work.resolve("teacher").resolve(TeacherStage.FILE))
                .providedEncoder(work.resolve("encoder").resolve(EncoderStage.FILE));
    }

    private static double maxAbsDiff(NDList a, NDList b) {
        assertEquals(a.size(), b.size());
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            max = Math.max(max, a.get(i).sub(b.get(i)).abs().max().getFloat());
        }
        return max;
    }

    @Test
    void refusesAMissingProvidedComponent() {
        RecipeConfig c = RecipeConfig.builder(corpus.file(), dir.resolve("missing"))
                .providedTokenizer(dir.resolve("no-such-tokenizer")).build();
        RecipeException e = assertThrows(RecipeException.class, () -> TrainRecipe.run(c, line -> { }));
        assertTrue(e.getMessage().contains("tokenizer-encoder.onnx"), e.getMessage());
    }

    private static boolean sameImage(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }
}
