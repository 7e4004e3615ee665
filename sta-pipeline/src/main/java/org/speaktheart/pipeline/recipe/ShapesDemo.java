package org.speaktheart.pipeline.recipe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.train.LrDecay;
import org.speaktheart.core.train.TrainingConfig;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.data.shapes.Background;
import org.speaktheart.data.shapes.Position;
import org.speaktheart.data.shapes.ShapeColour;
import org.speaktheart.data.shapes.ShapeKind;
import org.speaktheart.data.shapes.ShapeObject;
import org.speaktheart.data.shapes.ShapeRenderer;
import org.speaktheart.data.shapes.ShapeScene;
import org.speaktheart.data.shapes.ShapeSize;
import org.speaktheart.data.shapes.ShapesScorer;
import org.speaktheart.data.tts.SpeechRequest;
import org.speaktheart.data.tts.TtsEngines;
import org.speaktheart.data.tts.Voice;
import org.speaktheart.diffusion.loss.LossConfig;
import org.speaktheart.diffusion.network.DenoiserConfig;
import org.speaktheart.diffusion.network.DenoiserExport;
import org.speaktheart.diffusion.network.DenoiserNetwork;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.diffusion.schedule.NoiseSchedule;
import org.speaktheart.diffusion.training.DenoiserTrainingTask;
import org.speaktheart.diffusion.training.TokenGridDataset;
import org.speaktheart.encoder.inference.SpeechEncoder;
import org.speaktheart.encoder.network.SpeechEncoderConfig;
import org.speaktheart.encoder.training.Augmentation;
import org.speaktheart.encoder.training.DistillationConfig;
import org.speaktheart.encoder.training.EncoderTrainer;
import org.speaktheart.encoder.training.TeacherTargets;
import org.speaktheart.pipeline.BundleSettings;
import org.speaktheart.pipeline.GenerationOptions;
import org.speaktheart.pipeline.GenerationResult;
import org.speaktheart.pipeline.SpeechToImagePipeline;
import org.speaktheart.pipeline.bundle.BundleWriter;
import org.speaktheart.pipeline.bundle.ModelBundle;
import org.speaktheart.vqvae.ImageDataset;
import org.speaktheart.vqvae.ImageTokenizer;
import org.speaktheart.vqvae.TokenGrid;
import org.speaktheart.vqvae.TrainedVqVae;
import org.speaktheart.vqvae.VqVaeConfig;
import org.speaktheart.vqvae.VqVaeExporter;
import org.speaktheart.vqvae.VqVaeTrainer;
import org.speaktheart.vqvae.VqVaeTrainingConfig;
import org.speaktheart.vqvae.VqVaeTrainingListener;

/**
 * The whole STA recipe, small enough for a laptop CPU: a spoken-caption corpus of 4 shapes x 4
 * colours ("a red circle") synthesised with espeak-ng (two voices for training, a third voice held
 * out for testing), a VQ-VAE tokenizer, a speech encoder distilled toward the pictures' attribute
 * vectors (the stand-in teacher of this demo: one-hot shape + one-hot colour), a denoiser
 * conditioned on the encoder's embeddings of the training speech, a verified bundle, and
 * {@link SpeechToImagePipeline} generating images from the held-out voice's speech, read back by
 * the exact shapes scorer.
 *
 * <p>Everything is trained here and now by the project's own code; nothing is downloaded. The
 * report ({@code report.json}) and a grid PNG (asked picture | generated picture per test clip)
 * are written to the work directory.
 */
public final class ShapesDemo {
    private static final ShapeKind[] SHAPES = {ShapeKind.CIRCLE, ShapeKind.SQUARE, ShapeKind.TRIANGLE, ShapeKind.STAR};
    private static final ShapeColour[] COLOURS = {ShapeColour.RED, ShapeColour.GREEN, ShapeColour.BLUE, ShapeColour.YELLOW};
    private static final double[] TRAIN_SPEEDS = {0.85, 1.0, 1.15};
    private static final String TEACHER_ID = "shape-colour-attributes-v1";

    /**
     * What the demo measured.
     *
     * @param bundle the bundle directory
     * @param testClips held-out-voice clips generated from
     * @param shapeAccuracy fraction of generated images whose shape the scorer reads as spoken
     * @param colourAccuracy the same for colour
     * @param tokenizerShapeAccuracy the tokenizer's own reconstructions: the ceiling for shape
     * @param tokenizerColourAccuracy the ceiling for colour
     * @param grid the PNG of asked and generated pictures
     * @param seconds wall time of the whole run
     */
    public record Result(Path bundle, int testClips, double shapeAccuracy, double colourAccuracy,
                         double tokenizerShapeAccuracy, double tokenizerColourAccuracy, Path grid, double seconds) {
    }

    private ShapesDemo() {
    }

    private record Picture(int shape, int colour, String conceptId, BufferedImage image) {
        ShapeScene scene() {
            return ShapeScene.of(new ShapeObject(SHAPES[shape], COLOURS[colour], ShapeSize.LARGE, Position.CENTER),
                    Background.WHITE);
        }
    }

    /**
     * Runs the recipe.
     *
     * @param log receives one line per stage
     * @throws org.speaktheart.data.tts.NoVoiceException when fewer than three English voices are installed
     */
    public static Result run(ShapesDemoConfig c, Consumer<String> log) {
        long start = System.nanoTime();
        Path work = c.workDir().toAbsolutePath();
        List<Picture> pictures = pictures(c.imageSide());
        log.accept("corpus: synthesising " + pictures.size() + " captions with espeak-ng");
        Manifest manifest = corpus(work.resolve("corpus"), pictures, c.seed());

        log.accept("tokenizer: training a VQ-VAE for " + c.tokenizerSteps() + " steps");
        Path tokenizerDir = work.resolve("tokenizer");
        trainTokenizer(c, pictures, tokenizerDir);

        log.accept("encoder: distilling speech toward the attribute vectors for " + c.encoderSteps() + " steps");
        Path encoderFile = trainEncoder(c, manifest, pictures, work.resolve("encoder"));

        log.accept("denoiser: training on speech embeddings of the training split for " + c.denoiserSteps() + " steps");
        NoiseSchedule schedule;
        Path denoiserFile = work.resolve("denoiser").resolve("denoiser.onnx");
        double[] ceiling;
        try (ImageTokenizer tokenizer = ImageTokenizer.open(tokenizerDir.resolve(VqVaeExporter.ENCODER_FILE),
                tokenizerDir.resolve(VqVaeExporter.DECODER_FILE), RuntimeConfig.defaults());
             SpeechEncoder encoder = SpeechEncoder.load(encoderFile, RuntimeConfig.defaults())) {
            List<TokenGrid> grids = tokenizer.encodeAll(pictures.stream().map(Picture::image).toList());
            ceiling = score(tokenizer.decodeAll(grids), pictures, new ShapesScorer(c.imageSide()));
            schedule = NoiseSchedule.vqDiffusionDefault(tokenizer.codebookSize(), c.diffusionSteps());
            trainDenoiser(c, manifest, pictures, grids, encoder, schedule, denoiserFile);
        }

        Path bundleDir = work.resolve("bundle");
        new BundleWriter("sta-shapes-demo", "1").language("en")
                .component(ModelBundle.SPEECH_ENCODER, encoderFile)
                .component(ModelBundle.DENOISER, denoiserFile)
                .component(ModelBundle.TOKEN_ENCODER, tokenizerDir.resolve(VqVaeExporter.ENCODER_FILE))
                .component(ModelBundle.TOKEN_DECODER, tokenizerDir.resolve(VqVaeExporter.DECODER_FILE))
                .settings(BundleSettings.SCHEDULE, BundleSettings.schedule(schedule))
                .settings(BundleSettings.SAMPLER, BundleSettings.sampler(SamplerConfig.builder().steps(c.diffusionSteps()).build()))
                .provenance("recipe", "ShapesDemo").provenance("seed", Long.toString(c.seed()))
                .provenance("teacher", TEACHER_ID)
                .write(bundleDir);

        log.accept("pipeline: generating from the held-out voice");
        List<ManifestRecord> test = manifest.records().stream().filter(r -> r.split() == Split.TEST).toList();
        List<BufferedImage> generated = new ArrayList<>();
        List<Picture> asked = new ArrayList<>();
        try (SpeechToImagePipeline pipeline = SpeechToImagePipeline.builder(ModelBundle.open(bundleDir)).build()) {
            for (int i = 0; i < test.size(); i++) {
                ManifestRecord r = test.get(i);
                AudioClip clip = AudioDecoder.standard().decode(manifest.file().resolveSibling(r.audioPath()));
                GenerationResult g = pipeline.generate(clip, GenerationOptions.builder().seed(c.seed() + i).build());
                generated.add(g.image());
                asked.add(pictureOf(pictures, r.conceptId()));
            }
        }
        double[] accuracy = score(generated, asked, new ShapesScorer(c.imageSide()));
        Path grid = work.resolve("generated-grid.png");
        writeGrid(asked, generated, grid);
        double seconds = (System.nanoTime() - start) / 1e9;
        Result result = new Result(bundleDir, test.size(), accuracy[0], accuracy[1], ceiling[0], ceiling[1], grid, seconds);
        AtomicFiles.write(work.resolve("report.json"), new com.google.gson.GsonBuilder().setPrettyPrinting().create()
                .toJson(result).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        log.accept(String.format(java.util.Locale.ROOT, "result: shape %.3f, colour %.3f over %d held-out clips"
                + " (chance 0.25; tokenizer ceiling %.3f / %.3f), %.0f s", accuracy[0], accuracy[1], test.size(),
                ceiling[0], ceiling[1], seconds));
        return result;
    }

    private static List<Picture> pictures(int side) {
        List<Picture> pictures = new ArrayList<>();
        for (int s = 0; s < SHAPES.length; s++) {
            for (int c = 0; c < COLOURS.length; c++) {
                String concept = COLOURS[c].english() + "-" + SHAPES[s].english();
                Picture p = new Picture(s, c, concept, null);
                pictures.add(new Picture(s, c, concept, ShapeRenderer.render(p.scene(), side)));
            }
        }
        return pictures;
    }

    private static Picture pictureOf(List<Picture> pictures, String conceptId) {
        return pictures.stream().filter(p -> p.conceptId().equals(conceptId)).findFirst().orElseThrow();
    }

    /** Images, three English voices (two for training at three speeds, one held out), a manifest. */
    private static Manifest corpus(Path dir, List<Picture> pictures, long seed) {
        TtsEngines engines = TtsEngines.detect(Duration.ofSeconds(20));
        List<Voice> voices = engines.requireVoices("en").stream()
                .filter(v -> v.engine() == org.speaktheart.data.tts.Engine.ESPEAK_NG).limit(3).toList();
        if (voices.size() < 3) {
            throw new IllegalStateException("the shapes demo needs three espeak-ng English voices, found " + voices);
        }
        List<ManifestRecord> records = new ArrayList<>();
        try {
            for (Picture p : pictures) {
                Path image = dir.resolve("images").resolve(p.conceptId() + ".png");
                Files.createDirectories(image.getParent());
                ImageIO.write(p.image(), "png", image.toFile());
                String caption = "a " + COLOURS[p.colour()].english() + " " + SHAPES[p.shape()].english();
                for (int v = 0; v < voices.size(); v++) {
                    Voice voice = voices.get(v);
                    boolean held = v == voices.size() - 1;
                    double[] speeds = held ? new double[] {1.0} : TRAIN_SPEEDS;
                    for (int k = 0; k < speeds.length; k++) {
                        String id = p.conceptId() + "-" + voice.fileSafeId() + "-" + k;
                        Path wav = dir.resolve("audio").resolve(id + ".wav");
                        engines.driverFor(voice).synthesize(new SpeechRequest(caption, voice, speeds[k], 0), wav);
                        records.add(ManifestRecord.builder().id(id).imagePath("images/" + p.conceptId() + ".png")
                                .conceptId(p.conceptId()).caption(caption).language("en").voice(voice.id())
                                .audioPath("audio/" + id + ".wav").split(held ? Split.TEST : Split.TRAIN)
                                .attribute("speed", Double.toString(speeds[k])).attribute("seed", Long.toString(seed))
                                .build());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo corpus in " + dir + ": " + e.getMessage(), e);
        }
        return ManifestIO.write(dir.resolve("manifest.jsonl"), records);
    }

    private static void trainTokenizer(ShapesDemoConfig c, List<Picture> pictures, Path out) {
        VqVaeConfig model = VqVaeConfig.builder().imageSize(c.imageSide()).baseChannels(16).channelMultipliers(1, 2, 2)
                .resBlocksPerLevel(1).groups(4).codeDim(8).codebookSize(32).build();
        VqVaeTrainingConfig config = VqVaeTrainingConfig.builder().model(model).batchSize(16).restartInterval(25)
                .evaluationInterval(0).initSeed(c.seed())
                .training(TrainingConfig.builder().steps(c.tokenizerSteps()).seed(c.seed() + 1).learningRate(4e-3)
                        .warmupSteps(20).decay(LrDecay.cosine(3e-4)).clipNorm(1.0).logInterval(200).build()).build();
        ImageDataset data = ImageDataset.of(pictures.stream().map(Picture::image).toList(), c.imageSide());
        try (TrainedVqVae trained = VqVaeTrainer.train(config, data, data, VqVaeTrainingListener.NONE)) {
            trained.export(out, Map.of("dataset", "shapes-demo", "seed", Long.toString(c.seed())));
        }
    }

    /** The demo's stand-in teacher: one-hot shape followed by one-hot colour, for images and captions alike. */
    private static float[] attributes(Picture p) {
        float[] v = new float[SHAPES.length + COLOURS.length];
        v[p.shape()] = 1f;
        v[SHAPES.length + p.colour()] = 1f;
        return v;
    }

    private static Path trainEncoder(ShapesDemoConfig c, Manifest manifest, List<Picture> pictures, Path out) {
        Map<String, float[]> images = new LinkedHashMap<>();
        Map<String, float[]> texts = new LinkedHashMap<>();
        for (Picture p : pictures) {
            images.put("images/" + p.conceptId() + ".png", attributes(p));
            texts.put(p.conceptId(), attributes(p));
        }
        TeacherTargets targets = new TeacherTargets(TEACHER_ID, images, texts);
        SpeechEncoderConfig config = SpeechEncoderConfig.builder().width(64).heads(4).layers(2).mlpHidden(128)
                .outputDim(targets.dim()).maxInputFrames(400).dropout(0.1f).build();
        TrainingConfig training = TrainingConfig.builder().steps(c.encoderSteps()).seed(c.seed() + 2).learningRate(2e-3)
                .warmupSteps(30).decay(LrDecay.cosine(2e-4)).clipNorm(1.0).logInterval(100).build();
        try (NDManager manager = Engine.getEngine(TrainingLoop.ENGINE).newBaseManager()) {
            EncoderTrainer.Result r = EncoderTrainer.train(new EncoderTrainer.Request(manifest, targets, Set.of("en"), config,
                    new DistillationConfig(8, 0.5, 100, Augmentation.none()), training, out), null, manager);
            return r.model();
        }
    }

    private static void trainDenoiser(ShapesDemoConfig c, Manifest manifest, List<Picture> pictures,
                                      List<TokenGrid> grids, SpeechEncoder encoder, NoiseSchedule schedule, Path out) {
        List<int[]> tokens = new ArrayList<>();
        List<float[]> conditions = new ArrayList<>();
        for (ManifestRecord r : manifest.records()) {
            if (r.split() != Split.TRAIN) {
                continue;
            }
            AudioClip clip = AudioDecoder.standard().decode(manifest.file().resolveSibling(r.audioPath()));
            conditions.add(encoder.embed(clip, "en").vector());
            tokens.add(grids.get(pictures.indexOf(pictureOf(pictures, r.conceptId()))).ids());
        }
        int k = schedule.codebookSize();
        int side = grids.get(0).h();
        int width = conditions.get(0).length;
        DenoiserConfig config = DenoiserConfig.builder().codebookSize(k).grid(side, grids.get(0).w()).width(64).depth(2)
                .heads(4).conditionDim(width).timesteps(schedule.steps()).build();
        try (NDManager manager = Engine.getEngine(TrainingLoop.ENGINE).newBaseManager()) {
            Engine.getEngine(TrainingLoop.ENGINE).setRandomSeed((int) c.seed());
            DenoiserNetwork network = new DenoiserNetwork(config);
            network.initialize(manager, DataType.FLOAT32, new Shape(1, config.tokens()), new Shape(1),
                    new Shape(1, width), new Shape(1));
            DenoiserTrainingTask task = new DenoiserTrainingTask(network, schedule, LossConfig.VQ_DIFFUSION,
                    new TokenGridDataset(k, tokens.toArray(int[][]::new), conditions.toArray(float[][]::new)), 16);
            try (TrainingLoop loop = new TrainingLoop(network, TrainingConfig.builder().steps(c.denoiserSteps())
                    .seed(c.seed() + 3).learningRate(2e-3).warmupSteps(30).decay(LrDecay.cosine(2e-4)).clipNorm(1.0)
                    .logInterval(200).build())) {
                loop.run(task);
            }
            DenoiserExport.write(network, Map.of("dataset", "shapes-demo", "condition", "speech-encoder"), out);
        }
    }

    /** Fractions of images whose shape and colour the scorer reads as asked. */
    private static double[] score(List<BufferedImage> images, List<Picture> asked, ShapesScorer scorer) {
        int shape = 0;
        int colour = 0;
        for (int i = 0; i < images.size(); i++) {
            ShapeObject read = scorer.read(images.get(i)).scene().objects().get(0);
            shape += read.shape() == SHAPES[asked.get(i).shape()] ? 1 : 0;
            colour += read.colour() == COLOURS[asked.get(i).colour()] ? 1 : 0;
        }
        return new double[] {shape / (double) images.size(), colour / (double) images.size()};
    }

    private static void writeGrid(List<Picture> asked, List<BufferedImage> generated, Path png) {
        int side = generated.get(0).getWidth();
        int cols = 8;
        int rows = (generated.size() + cols - 1) / cols;
        BufferedImage grid = new BufferedImage(cols * (2 * side + 6), rows * (side + 4), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < generated.size(); i++) {
            int x = (i % cols) * (2 * side + 6) + 2;
            int y = (i / cols) * (side + 4) + 2;
            g.drawImage(asked.get(i).image(), x, y, null);
            g.drawImage(generated.get(i), x + side + 2, y, null);
        }
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(grid, "png", out));
    }
}
