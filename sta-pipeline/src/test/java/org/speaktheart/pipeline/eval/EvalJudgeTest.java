package org.speaktheart.pipeline.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.testing.Tolerance;
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

/**
 * The judge classifier: trained on a tiny shapes corpus whose validation "style" (size and
 * position) is held out, it beats chance widely; its ONNX export agrees with the DJL network; bad
 * inputs are refused.
 */
class EvalJudgeTest {
    private static final ShapeKind[] SHAPES = {ShapeKind.CIRCLE, ShapeKind.SQUARE, ShapeKind.TRIANGLE};
    private static final ShapeColour[] COLOURS = {ShapeColour.RED, ShapeColour.GREEN, ShapeColour.BLUE};

    /**
     * 9 concepts (colour x shape) at 32 px; training style: large or small at the centre, left or
     * top; validation style: large on the right or at the bottom (positions never seen in training).
     */
    static Manifest styledShapes(Path dir) throws IOException {
        List<ManifestRecord> records = new ArrayList<>();
        Files.createDirectories(dir.resolve("images"));
        for (ShapeKind shape : SHAPES) {
            for (ShapeColour colour : COLOURS) {
                String concept = colour.english() + "-" + shape.english();
                int k = 0;
                for (ShapeSize size : new ShapeSize[] {ShapeSize.LARGE, ShapeSize.SMALL}) {
                    for (Position p : new Position[] {Position.CENTER, Position.LEFT, Position.TOP, Position.RIGHT, Position.BOTTOM}) {
                        boolean val = size == ShapeSize.LARGE && (p == Position.RIGHT || p == Position.BOTTOM);
                        boolean train = !val && p != Position.RIGHT && p != Position.BOTTOM;
                        if (!val && !train) {
                            continue;
                        }
                        String image = "images/" + concept + "-" + k + ".png";
                        BufferedImage im = ShapeRenderer.render(ShapeScene.of(new ShapeObject(shape, colour, size, p), Background.WHITE), 32);
                        ImageIO.write(im, "png", dir.resolve(image).toFile());
                        records.add(ManifestRecord.builder().id(concept + "-" + k).imagePath(image).conceptId(concept)
                                .caption("a " + colour.english() + " " + shape.english()).language("en")
                                .split(val ? Split.VAL : Split.TRAIN).build());
                        k++;
                    }
                }
            }
        }
        return ManifestIO.write(dir.resolve("manifest.jsonl"), records);
    }

    @Test
    void judgeTrainedOnTrainingStylesBeatsChanceOnTheHeldOutStyle(@TempDir Path dir) throws IOException {
        Manifest manifest = styledShapes(dir);
        Path model = dir.resolve("judge.onnx");
        List<String> log = new ArrayList<>();
        JudgeTrainer.Result r = JudgeTrainer.train(manifest, JudgeTrainingConfig.builder().network(new JudgeConfig(16, 16, new int[] {1, 2, 2}, 4, 2))
                .steps(250).batchSize(32).learningRate(4e-3).maxShift(1).seed(3).build(),
                model, line -> {
                    log.add(line);
                    System.out.println("[judge] " + line);
                });
        assertEquals(9, r.concepts().size());
        assertEquals(54, r.trainImages());
        assertEquals(18, r.valImages());
        double chance = 1.0 / 9;
        assertTrue(r.valAccuracy() >= 4 * chance, "validation accuracy " + r.valAccuracy() + " vs chance " + chance + "; " + log);
        assertTrue(r.trainAccuracy() >= r.valAccuracy() - 0.2, "training accuracy " + r.trainAccuracy());
        assertTrue(log.stream().anyMatch(l -> l.contains("step 250/250")), "progress lines: " + log);

        try (JudgeClassifier judge = JudgeClassifier.load(model, RuntimeConfig.defaults())) {
            assertEquals(r.concepts(), judge.concepts());
            assertEquals(r.valAccuracy(), judge.valAccuracy(), 0);
            // The ONNX judge reproduces the validation accuracy measured with the DJL network.
            List<ManifestRecord> val = manifest.split(Split.VAL);
            List<BufferedImage> images = new ArrayList<>();
            for (ManifestRecord v : val) {
                images.add(ImageIO.read(manifest.resolve(v.imagePath()).toFile()));
            }
            float[][] logits = judge.logits(images);
            int right = 0;
            for (int i = 0; i < logits.length; i++) {
                right += TopK.rank(logits[i], judge.concepts().indexOf(val.get(i).conceptId())) == 0 ? 1 : 0;
            }
            assertEquals(r.valAccuracy(), (double) right / logits.length, 1e-12);
        }
    }

    @Test
    void onnxExportMatchesTheDjlNetwork(@TempDir Path dir) {
        JudgeConfig config = new JudgeConfig(16, 8, new int[] {1, 2}, 4, 5);
        SplittableRandom random = new SplittableRandom(1);
        float[][] pixels = new float[3][3 * 16 * 16];
        for (float[] p : pixels) {
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) random.nextDouble(-1, 1);
            }
        }
        Path file = dir.resolve("judge.onnx");
        float[][] djl;
        try (NDManager manager = Engine.getEngine(TrainingLoop.ENGINE).newBaseManager()) {
            JudgeNetwork network = new JudgeNetwork(config);
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            djl = JudgeTrainer.logits(network, manager, pixels);
            var model = JudgeTrainer.export(network, Map.of(JudgeClassifier.KEY_CONCEPTS, "[\"a\",\"b\",\"c\",\"d\",\"e\"]"));
            AtomicFiles.write(file, model::writeTo);
        }
        try (JudgeClassifier judge = JudgeClassifier.load(file, RuntimeConfig.defaults())) {
            assertEquals(config, judge.config());
            float[][] onnx = judge.logitsOfPixels(pixels);
            for (int i = 0; i < pixels.length; i++) {
                Tolerance.PARITY.assertClose(djl[i], onnx[i], "logits of image " + i);
            }
        }
    }

    @Test
    void badInputsAreRefused(@TempDir Path dir) throws IOException {
        Manifest manifest = styledShapes(dir);
        JudgeTrainingConfig noTest = JudgeTrainingConfig.builder().steps(1).valSplit(Split.TEST).build();
        EvaluationException e = assertThrows(EvaluationException.class,
                () -> JudgeTrainer.train(manifest, noTest, dir.resolve("j.onnx"), l -> { }));
        assertTrue(e.getMessage().contains("'test'"), e.getMessage());
        assertThrows(EvaluationException.class, () -> JudgeClassifier.load(dir.resolve("missing.onnx"), RuntimeConfig.defaults()));
        Path notOnnx = dir.resolve("not.onnx");
        Files.writeString(notOnnx, "not a model");
        assertThrows(EvaluationException.class, () -> JudgeClassifier.load(notOnnx, RuntimeConfig.defaults()));
        assertThrows(EvaluationException.class, () -> JudgeTrainingConfig.builder().steps(0).build());
        assertThrows(EvaluationException.class, () -> new JudgeConfig(30, 16, new int[] {1, 2, 4}, 4, 9));
        Files.delete(dir.resolve("images").resolve("red-circle-0.png"));
        EvaluationException missing = assertThrows(EvaluationException.class,
                () -> JudgeTrainer.train(manifest, JudgeTrainingConfig.builder().steps(1).build(), dir.resolve("j.onnx"), l -> { }));
        assertTrue(missing.getMessage().contains("red-circle-0.png"), missing.getMessage());
    }
}
