package org.speaktheart.diffusion.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.train.LrDecay;
import org.speaktheart.core.train.TrainingConfig;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.data.shapes.Background;
import org.speaktheart.data.shapes.Position;
import org.speaktheart.data.shapes.ShapeColour;
import org.speaktheart.data.shapes.ShapeKind;
import org.speaktheart.data.shapes.ShapeObject;
import org.speaktheart.data.shapes.ShapeRenderer;
import org.speaktheart.data.shapes.ShapeScene;
import org.speaktheart.data.shapes.ShapeSize;
import org.speaktheart.data.shapes.ShapesScorer;
import org.speaktheart.diffusion.loss.LossConfig;
import org.speaktheart.diffusion.network.DenoiserConfig;
import org.speaktheart.diffusion.network.DenoiserExport;
import org.speaktheart.diffusion.network.DenoiserModel;
import org.speaktheart.diffusion.network.DenoiserNetwork;
import org.speaktheart.diffusion.network.OnnxDenoiser;
import org.speaktheart.diffusion.sampling.DiffusionSampler;
import org.speaktheart.diffusion.sampling.SampleRequest;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.diffusion.schedule.NoiseSchedule;
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
 * The learning test on shapes: a tiny VQ-VAE tokenizes rendered shapes, a tiny denoiser learns
 * their token grids conditioned on attribute vectors (one-hot shape + one-hot colour), and images
 * generated for asked attributes are read back by the shapes corpus's exact scorer.
 */
class ShapesGenerationTest {
    private static final int SIDE = 32;
    private static final ShapeKind[] SHAPES = {ShapeKind.CIRCLE, ShapeKind.SQUARE, ShapeKind.TRIANGLE, ShapeKind.STAR};
    private static final ShapeColour[] COLOURS = {ShapeColour.RED, ShapeColour.GREEN, ShapeColour.BLUE, ShapeColour.YELLOW};

    private static ShapeScene scene(int shape, int colour) {
        return ShapeScene.of(new ShapeObject(SHAPES[shape], COLOURS[colour], ShapeSize.LARGE, Position.CENTER),
                Background.WHITE);
    }

    private static float[] attributes(int shape, int colour) {
        float[] v = new float[SHAPES.length + COLOURS.length];
        v[shape] = 1f;
        v[SHAPES.length + colour] = 1f;
        return v;
    }

    /** Fractions of images whose shape and colour the scorer reads as asked. */
    private static double[] score(ShapesScorer scorer, List<BufferedImage> images, int[] shapes, int[] colours) {
        int shapeRight = 0;
        int colourRight = 0;
        for (int i = 0; i < images.size(); i++) {
            ShapeObject read = scorer.read(images.get(i)).scene().objects().get(0);
            shapeRight += read.shape() == SHAPES[shapes[i]] ? 1 : 0;
            colourRight += read.colour() == COLOURS[colours[i]] ? 1 : 0;
        }
        return new double[] {shapeRight / (double) images.size(), colourRight / (double) images.size()};
    }

    @Test
    void generatedImagesShowTheAskedShapeAndColour(@TempDir Path dir) {
        List<BufferedImage> images = new ArrayList<>();
        int[] shapeOf = new int[SHAPES.length * COLOURS.length];
        int[] colourOf = new int[shapeOf.length];
        for (int s = 0; s < SHAPES.length; s++) {
            for (int c = 0; c < COLOURS.length; c++) {
                shapeOf[images.size()] = s;
                colourOf[images.size()] = c;
                images.add(ShapeRenderer.render(scene(s, c), SIDE));
            }
        }
        ShapesScorer scorer = new ShapesScorer(SIDE);
        VqVaeConfig tokenizerConfig = VqVaeConfig.builder().imageSize(SIDE).baseChannels(16).channelMultipliers(1, 2, 2)
                .resBlocksPerLevel(1).groups(4).codeDim(8).codebookSize(32).build();
        VqVaeTrainingConfig vq = VqVaeTrainingConfig.builder().model(tokenizerConfig).batchSize(16).restartInterval(25)
                .evaluationInterval(0).initSeed(1)
                .training(TrainingConfig.builder().steps(800).seed(2).learningRate(4e-3).warmupSteps(20)
                        .decay(LrDecay.cosine(3e-4)).clipNorm(1.0).logInterval(100).build()).build();
        ImageDataset data = ImageDataset.of(images, SIDE);
        Path tokenizerDir = dir.resolve("tokenizer");
        try (TrainedVqVae trained = VqVaeTrainer.train(vq, data, data, VqVaeTrainingListener.NONE)) {
            trained.export(tokenizerDir, Map.of("dataset", "shapes-4x4-test"));
            System.out.println("tokenizer: " + trained.lastEvaluation());
        }
        try (ImageTokenizer tokenizer = ImageTokenizer.open(tokenizerDir.resolve(VqVaeExporter.ENCODER_FILE),
                tokenizerDir.resolve(VqVaeExporter.DECODER_FILE), RuntimeConfig.defaults())) {
            List<TokenGrid> grids = tokenizer.encodeAll(images);
            double[] floor = score(scorer, tokenizer.decodeAll(grids), shapeOf, colourOf);
            assertTrue(floor[0] >= 0.9 && floor[1] >= 0.9, "tokenizer reconstructions must keep the attributes: shape "
                    + floor[0] + ", colour " + floor[1]);

            int k = tokenizer.codebookSize();
            int side = grids.get(0).h();
            int[][] tokens = new int[grids.size()][];
            float[][] conditions = new float[grids.size()][];
            for (int i = 0; i < grids.size(); i++) {
                tokens[i] = grids.get(i).ids();
                conditions[i] = attributes(shapeOf[i], colourOf[i]);
            }
            int steps = 20;
            DenoiserConfig config = DenoiserConfig.builder().codebookSize(k).grid(side, side).width(64).depth(2).heads(4)
                    .conditionDim(conditions[0].length).timesteps(steps).build();
            NoiseSchedule schedule = NoiseSchedule.vqDiffusionDefault(k, steps);
            byte[] exported;
            try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
                Engine.getEngine("PyTorch").setRandomSeed(5);
                DenoiserNetwork network = new DenoiserNetwork(config);
                network.initialize(manager, DataType.FLOAT32, new Shape(1, config.tokens()), new Shape(1),
                        new Shape(1, conditions[0].length), new Shape(1));
                DenoiserTrainingTask task = new DenoiserTrainingTask(network, schedule, LossConfig.VQ_DIFFUSION,
                        new TokenGridDataset(k, tokens, conditions), 16);
                try (TrainingLoop loop = new TrainingLoop(network, TrainingConfig.builder().steps(600).seed(6)
                        .learningRate(2e-3).warmupSteps(30).decay(LrDecay.cosine(2e-4)).clipNorm(1.0).logInterval(200)
                        .build())) {
                    loop.run(task);
                }
                exported = DenoiserExport.build(network, Map.of("dataset", "shapes-4x4-test")).toByteArray();
            }
            try (DenoiserModel model = DenoiserModel.load(exported, RuntimeConfig.defaults(), "shapes-denoiser")) {
                int perCombination = 2;
                int n = shapeOf.length * perCombination;
                float[][] asked = new float[n][];
                int[] askedShape = new int[n];
                int[] askedColour = new int[n];
                for (int i = 0; i < n; i++) {
                    askedShape[i] = shapeOf[i % shapeOf.length];
                    askedColour[i] = colourOf[i % shapeOf.length];
                    asked[i] = attributes(askedShape[i], askedColour[i]);
                }
                int[] sampled = new DiffusionSampler(schedule, SamplerConfig.builder().steps(steps).build())
                        .sample(new OnnxDenoiser(model), SampleRequest.builder(n, config.tokens()).condition(asked).seed(3).build());
                List<TokenGrid> generated = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int[] ids = java.util.Arrays.copyOfRange(sampled, i * config.tokens(), (i + 1) * config.tokens());
                    generated.add(new TokenGrid(side, side, ids, k));
                }
                double[] accuracy = score(scorer, tokenizer.decodeAll(generated), askedShape, askedColour);
                System.out.printf("shapes: tokenizer floor shape %.3f colour %.3f; generated shape %.3f colour %.3f"
                        + " (chance 0.25 each, %d images)%n", floor[0], floor[1], accuracy[0], accuracy[1], n);
                assertTrue(accuracy[0] >= 0.6, "generated shape accuracy " + accuracy[0] + " (chance 0.25)");
                assertTrue(accuracy[1] >= 0.6, "generated colour accuracy " + accuracy[1] + " (chance 0.25)");
            }
        }
    }
}
