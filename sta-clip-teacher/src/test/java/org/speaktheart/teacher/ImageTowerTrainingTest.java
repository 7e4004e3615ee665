package org.speaktheart.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.core.train.LrDecay;
import org.speaktheart.core.train.TrainingConfig;

/**
 * End to end on Java2D shapes: frozen MiniLM embeddings of "a red circle" etc., the tower trained
 * through the harness, zero-shot retrieval on fresh renders, export, and the ONNX teacher.
 */
class ImageTowerTrainingTest {
    static final int SIDE = 16;

    @Test
    void towerLearnsShapesAndTheExportedTeacherAgrees(@TempDir Path dir) {
        int concepts = ShapeImages.concepts();
        List<String> captions = new ArrayList<>();
        for (int c = 0; c < concepts; c++) {
            captions.add(ShapeImages.caption(c));
        }
        float[][] text;
        String textIdentity;
        try (MiniLmTextEncoder encoder = new MiniLmTextEncoder(RuntimeConfig.builder().intraOpThreads(1).build())) {
            text = encoder.embed(captions);
            textIdentity = encoder.identity();
        }
        ImageTowerConfig tower = ImageTowerConfig.builder().imageSize(SIDE).baseChannels(8).channelMultipliers(1, 2).groups(4).build();
        ImagePreprocessing pre = tower.preprocessing();
        SplittableRandom random = new SplittableRandom(21);
        int perConcept = 6;
        float[][] pixels = new float[concepts * perConcept][];
        int[] labels = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            labels[i] = i % concepts;
            pixels[i] = pre.apply(ShapeImages.render(labels[i], SIDE, random));
        }
        List<BufferedImage> heldOut = new ArrayList<>();
        int[] heldOutLabels = new int[concepts * 3];
        for (int i = 0; i < heldOutLabels.length; i++) {
            heldOutLabels[i] = i % concepts;
            heldOut.add(ShapeImages.render(heldOutLabels[i], SIDE, random));
        }
        float[][] heldOutPixels = heldOut.stream().map(pre::apply).toArray(float[][]::new);

        TrainingConfig training = TrainingConfig.builder().steps(120).seed(5).learningRate(3e-3).warmupSteps(10)
                .decay(LrDecay.cosine(1e-4)).weightDecay(0.01).clipNorm(1.0).logInterval(1000).build();
        TowerTrainingConfig config = TowerTrainingConfig.builder().tower(tower).training(training).batchSize(concepts).flip(false)
                .jitter(0.05f).maxShift(1).initSeed(3).reportInterval(40).build();
        List<Double> losses = new ArrayList<>();
        List<Double> heldOutR1 = new ArrayList<>();
        ImageTowerTrainer.Result result = ImageTowerTrainer.train(config, new ContrastiveDataset(pixels, labels, text, SIDE),
                (step, loss, scale, t) -> {
                    losses.add(loss);
                    heldOutR1.add(ZeroShotRetrieval.evaluate(t.embed(heldOutPixels, 16), heldOutLabels, text).imageToConceptR1());
                });
        try (TrainedImageTower trained = result.tower()) {
            assertEquals(3, losses.size());
            assertTrue(losses.get(2) < 0.5 * Math.log(concepts), "loss " + losses + " did not fall well below ln 9");
            float[][] djl = trained.embed(heldOutPixels, 16);
            ZeroShotRetrieval.RetrievalResult r = ZeroShotRetrieval.evaluate(djl, heldOutLabels, text);
            assertTrue(r.imageToConceptR1() >= 0.6, "held-out retrieval " + r + " (chance 0.11), during training " + heldOutR1);
            assertTrue(trained.model().scale() > 1 / 0.07 - 5 && trained.model().scale() <= 100f);

            Path model = dir.resolve("tower.onnx");
            trained.export(model, textIdentity, Map.of("sta.data", "java2d shapes"));
            try (LockedTextTeacher teacher = LockedTextTeacher.load(model, RuntimeConfig.builder().intraOpThreads(1).build(), 8)) {
                float[][] onnx = teacher.embedImages(heldOut);
                for (int i = 0; i < onnx.length; i++) {
                    Tolerance.PARITY.assertClose(djl[i], onnx[i], "held-out image " + i);
                }
                float[][] t = teacher.embedTexts(captions);
                for (int c = 0; c < concepts; c++) {
                    assertArrayEquals(text[c], t[c], "text tower is the frozen MiniLM");
                }
                assertEquals(384, teacher.dimension());
                assertTrue(teacher.identity().startsWith("locked-text@" + textIdentity + "+tower-"), teacher.identity());

                EmbeddingCache cache = new EmbeddingCache(dir.resolve("cache"));
                float[][] cached = cache.images(teacher, List.of("a", "b"), i -> heldOut.get(i));
                float[][] again = cache.images(teacher, List.of("b", "a"), i -> {
                    throw new AssertionError("image " + i + " should come from the cache");
                });
                assertArrayEquals(cached[0], again[1]);
                assertArrayEquals(onnx[1], again[0]);
            }
            Path other = dir.resolve("other.onnx");
            trained.export(other, "some-other-text-tower@1", Map.of());
            TeacherLoadException e = assertThrows(TeacherLoadException.class,
                    () -> LockedTextTeacher.load(other, RuntimeConfig.defaults(), 8));
            assertTrue(e.getMessage().contains("some-other-text-tower@1"), e.getMessage());
        }
    }
}
