package org.speaktheart.pipeline.recipe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.train.CheckpointException;
import org.speaktheart.core.train.CheckpointStore;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.core.train.TrainingResult;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.diffusion.DiffusionArgumentException;
import org.speaktheart.diffusion.network.DenoiserConfig;
import org.speaktheart.diffusion.network.DenoiserExport;
import org.speaktheart.diffusion.network.DenoiserNetwork;
import org.speaktheart.diffusion.network.DenoiserWeights;
import org.speaktheart.diffusion.schedule.NoiseSchedule;
import org.speaktheart.diffusion.training.ConditionNoise;
import org.speaktheart.diffusion.training.DenoiserTrainingTask;
import org.speaktheart.diffusion.training.TokenGridDataset;
import org.speaktheart.encoder.inference.SpeechEncoder;
import org.speaktheart.encoder.training.TeacherTargets;
import org.speaktheart.teacher.EmbeddingCache;
import org.speaktheart.vqvae.ImageDataset;
import org.speaktheart.vqvae.ImageTokenizer;
import org.speaktheart.vqvae.TokenGrid;
import org.speaktheart.vqvae.VqVaeExporter;

/**
 * Recipe stage 4: trains the denoiser on the token grids of the train pictures, each paired with
 * conditions in the teacher's embedding space mixed as {@link ConditionMix} says: the encoder's
 * embeddings of the train clips (per language), the teacher's text embeddings of the captions, the
 * teacher's image embeddings of the pictures. Condition dropout to the learned null condition makes
 * the denoiser usable with classifier-free guidance. Exports {@value #FILE} (EMA weights when on).
 *
 * <p>Speech embeddings are cached in the recipe's embedding cache under the encoder file's hash, so a
 * resumed stage does not embed the clips again.
 */
final class DenoiserStage {
    /** The exported denoiser's file name. */
    static final String FILE = "denoiser.onnx";
    /** Cache kind of speech embeddings (one entry per audio path and language). */
    static final String SPEECH_KIND = "speech";

    private DenoiserStage() {
    }

    /** One source of (picture, condition) pairs. */
    private record Source(String name, double weight, List<int[]> tokens, List<float[]> conditions) {
    }

    static StageOutput run(Path dir, RecipeConfig c, Manifest manifest, Path tokenizerDir, Path teacherTower,
                           Path encoderFile, Path cache, long seed, Consumer<String> log) {
        DenoiserOptions o = c.denoiser();
        ConditionMix mix = o.mix();
        Set<String> languages = new LinkedHashSet<>(c.languages());
        List<ManifestRecord> train = manifest.records().stream()
                .filter(r -> r.split() == Split.TRAIN && languages.contains(r.language())).toList();
        if (train.isEmpty()) {
            throw new RecipeException("manifest " + manifest.file() + " has no train-split records in languages " + languages);
        }
        TeacherTargets targets = EncoderStage.targets(teacherTower, manifest, cache);
        Map<String, int[]> tokens;
        int codebook;
        int gridH;
        int gridW;
        try (ImageTokenizer tokenizer = ImageTokenizer.open(tokenizerDir.resolve(VqVaeExporter.ENCODER_FILE),
                tokenizerDir.resolve(VqVaeExporter.DECODER_FILE), RuntimeConfig.defaults())) {
            List<String> paths = train.stream().map(ManifestRecord::imagePath).distinct().toList();
            tokens = tokenize(tokenizer, manifest, paths, log);
            codebook = tokenizer.codebookSize();
            gridH = tokenizer.spec().tokenSide();
            gridW = gridH;
        }
        List<Source> sources = new ArrayList<>();
        if (mix.speech() > 0) {
            sources.add(speech(train, tokens, encoderFile, manifest, cache, targets.dim(), mix.speech(), log));
        }
        if (mix.text() > 0) {
            sources.add(text(train, tokens, targets, mix.text()));
        }
        if (mix.image() > 0) {
            Source s = new Source("image", mix.image(), new ArrayList<>(), new ArrayList<>());
            Map<String, ManifestRecord> byPicture = new LinkedHashMap<>();
            train.forEach(r -> byPicture.putIfAbsent(r.imagePath(), r));
            for (ManifestRecord r : byPicture.values()) {
                s.tokens().add(tokens.get(r.imagePath()));
                s.conditions().add(targets.image(r));
            }
            sources.add(s);
        }
        TokenGridDataset data = mixed(sources, codebook);
        Map<String, Double> figures = new LinkedHashMap<>();
        for (Source s : sources) {
            figures.put("pairs." + s.name(), (double) s.tokens().size());
        }
        figures.put("pairs.mixed", (double) data.size());
        log.accept("denoiser: " + tokens.size() + " pictures, pairs " + figures + ", " + o.steps() + " steps");

        NoiseSchedule schedule = NoiseSchedule.vqDiffusionDefault(codebook, o.diffusionSteps());
        DenoiserConfig config = DenoiserConfig.builder().codebookSize(codebook).grid(gridH, gridW).width(o.width())
                .depth(o.depth()).heads(o.heads()).conditionDim(targets.dim()).timesteps(o.diffusionSteps())
                .conditionDropout(o.conditionDropout()).conditionScale((float) o.conditionScale())
                .conditionTokens(o.conditionTokens()).build();
        Engine engine = Engine.getEngine(TrainingLoop.ENGINE);
        TrainingResult result;
        try (NDManager manager = engine.newBaseManager()) {
            engine.setRandomSeed((int) seed);
            DenoiserNetwork network = new DenoiserNetwork(config);
            network.initialize(manager, DataType.FLOAT32, new Shape(1, config.tokens()), new Shape(1),
                    new Shape(1, targets.dim()), new Shape(1));
            c.denoiserInitCheckpoint().ifPresent(init -> startFrom(init, network, log));
            DenoiserTrainingTask task = new DenoiserTrainingTask(network, schedule, o.loss(), data,
                    o.batchSize(), new ConditionNoise(o.conditionNoise()));
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("dataset", manifest.file().toString());
            meta.put("condition", "teacher space: " + mix);
            meta.put("teacher", targets.teacherId());
            try (TrainingLoop loop = new TrainingLoop(network, RecipeData.training(dir, o.steps(), seed + 1,
                    o.learningRate(), c.checkpointInterval()).emaDecay(o.emaDecay()).build())) {
                result = loop.run(task);
                meta.put("steps", Long.toString(result.endStep()));
                loop.withAveragedWeights(() -> DenoiserExport.write(network, meta, dir.resolve(FILE)));
            }
        }
        figures.put("steps", (double) result.endStep());
        figures.put("resumedFromStep", (double) result.startStep());
        figures.put("lastLoss", result.lastLoss());
        log.accept(String.format(Locale.ROOT, "denoiser: steps %d..%d, last loss %.4f", result.startStep(),
                result.endStep(), result.lastLoss()));
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("options", o.toString());
        provenance.put("seed", Long.toString(seed));
        provenance.put("config", config.toJson());
        provenance.put("languages", String.join(",", languages));
        return new StageOutput(List.of(FILE), figures, provenance);
    }

    /**
     * Copies a start's weights into the network: a checkpoint's (its weight average when it has one), or
     * an exported denoiser ONNX file's (a bundle's {@code denoiser.onnx}, which holds the weight average
     * it was exported with). Done before the training loop is built, so its weight average starts from
     * them; a checkpoint of the stage itself, when resuming, then overrides them.
     */
    private static void startFrom(Path init, DenoiserNetwork network, Consumer<String> log) {
        if (Files.isRegularFile(init)) {
            try {
                DenoiserWeights.copyFromOnnx(init, network);
            } catch (DiffusionArgumentException e) {
                throw new RecipeException("cannot start the denoiser from " + init + ": " + e.getMessage()
                        + " (the exported denoiser must have the width, depth, heads, diffusion steps, condition tokens"
                        + " and condition scale of this stage, and the same tokenizer and teacher)", e);
            }
            log.accept("denoiser: starting from the exported weights of " + init);
            return;
        }
        try {
            boolean ema = CheckpointStore.readHeader(init).ema();
            CheckpointStore.loadInto(init, network, ema);
            log.accept("denoiser: starting from " + (ema ? "the weight average of " : "") + init);
        } catch (CheckpointException e) {
            throw new RecipeException("cannot start the denoiser from " + init + ": " + e.getMessage()
                    + " (the checkpoint must come from a denoiser with the same width, depth, heads, diffusion steps,"
                    + " condition tokens, tokenizer and teacher)", e);
        }
    }

    private static Map<String, int[]> tokenize(ImageTokenizer tokenizer, Manifest manifest, List<String> paths,
                                               Consumer<String> log) {
        Map<String, int[]> out = new HashMap<>();
        int chunk = 64;
        try (WorkProgress progress = new WorkProgress("denoiser: tokenizing pictures", paths.size(), log)) {
            for (int from = 0; from < paths.size(); from += chunk) {
                List<String> part = paths.subList(from, Math.min(paths.size(), from + chunk));
                List<BufferedImage> images = ImageDataset.fromPaths(RecipeData.resolve(manifest, part),
                        tokenizer.spec().imageSize()).images();
                List<TokenGrid> grids = tokenizer.encodeAll(images);
                for (int i = 0; i < part.size(); i++) {
                    out.put(part.get(i), grids.get(i).ids());
                }
                progress.update(from + part.size());
            }
        }
        return out;
    }

    private static Source speech(List<ManifestRecord> train, Map<String, int[]> tokens, Path encoderFile, Manifest manifest,
                                 Path cache, int dim, double weight, Consumer<String> log) {
        List<ManifestRecord> spoken = train.stream().filter(ManifestRecord::hasAudio).toList();
        if (spoken.isEmpty()) {
            throw new RecipeException("the condition mix asks for speech (weight " + weight + ") but the train split of "
                    + manifest.file() + " has no clips in the chosen languages");
        }
        List<String> keys = spoken.stream().map(r -> r.audioPath() + "|" + r.language()).toList();
        float[][] vectors;
        try (SpeechEncoder encoder = SpeechEncoder.load(encoderFile, RuntimeConfig.defaults())) {
            for (ManifestRecord r : spoken) {
                if (!encoder.languages().contains(r.language())) {
                    throw new RecipeException("encoder " + encoderFile + " serves " + encoder.languages()
                            + " but the recipe trains on language '" + r.language() + "'");
                }
            }
            if (encoder.config().outputDim() != dim) {
                throw new RecipeException("encoder " + encoderFile + " embeds into " + encoder.config().outputDim()
                        + " dimensions but the teacher's space has " + dim);
            }
            String identity = "speech-encoder-" + StageMarker.sha256(encoderFile);
            vectors = new EmbeddingCache(cache).getOrCompute(identity, SPEECH_KIND, keys, dim, missing -> {
                float[][] out = new float[missing.size()][];
                try (WorkProgress progress = new WorkProgress("denoiser: speech embeddings", missing.size(), log)) {
                    for (int i = 0; i < missing.size(); i++) {
                        ManifestRecord r = spoken.get(missing.get(i));
                        out[i] = encoder.embed(AudioDecoder.standard().decode(manifest.resolve(r.audioPath())),
                                r.language()).vector();
                        progress.update(i + 1);
                    }
                }
                return out;
            });
        }
        Source s = new Source("speech", weight, new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < spoken.size(); i++) {
            s.tokens().add(tokens.get(spoken.get(i).imagePath()));
            s.conditions().add(vectors[i]);
        }
        return s;
    }

    /**
     * One pair per distinct (picture, caption): an English record's own caption embedding, or for another
     * language the teacher's embedding of its concept's English captions.
     */
    private static Source text(List<ManifestRecord> train, Map<String, int[]> tokens, TeacherTargets targets,
                               double weight) {
        Source s = new Source("text", weight, new ArrayList<>(), new ArrayList<>());
        Set<String> seen = new LinkedHashSet<>();
        for (ManifestRecord r : train) {
            String key = r.imagePath() + "\n" + ("en".equals(r.language()) ? "caption:" + r.caption() : "concept:" + r.conceptId());
            if (seen.add(key)) {
                s.tokens().add(tokens.get(r.imagePath()));
                s.conditions().add(targets.englishText(r));
            }
        }
        return s;
    }

    /**
     * The mixed dataset: with shares {@code p_s = w_s / sum(w)}, the total is the smallest {@code M} with
     * {@code p_s * M >= n_s} for every source (no item dropped), and source {@code s} fills
     * {@code round(p_s * M)} rows by cycling through its items.
     */
    private static TokenGridDataset mixed(List<Source> sources, int codebook) {
        double total = sources.stream().mapToDouble(Source::weight).sum();
        double m = 0;
        for (Source s : sources) {
            m = Math.max(m, s.tokens().size() / (s.weight() / total));
        }
        List<int[]> tokens = new ArrayList<>();
        List<float[]> conditions = new ArrayList<>();
        for (Source s : sources) {
            long rows = Math.max(s.tokens().size(), Math.round(s.weight() / total * m));
            for (long i = 0; i < rows; i++) {
                int k = (int) (i % s.tokens().size());
                tokens.add(s.tokens().get(k));
                conditions.add(s.conditions().get(k));
            }
        }
        return new TokenGridDataset(codebook, tokens.toArray(int[][]::new), conditions.toArray(float[][]::new));
    }
}
