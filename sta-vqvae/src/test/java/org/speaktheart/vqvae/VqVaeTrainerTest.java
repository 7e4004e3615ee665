package org.speaktheart.vqvae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.train.LrDecay;
import org.speaktheart.core.train.TrainingConfig;

/** Training through the harness on a tiny configuration: the reconstruction error falls; resume; grid; export. */
class VqVaeTrainerTest {
    static final int STEPS = 150;

    @TempDir
    Path dir;

    private static VqVaeTrainingConfig config(long steps, Path checkpoints, int evalInterval) {
        TrainingConfig.Builder t = TrainingConfig.builder().steps(steps).seed(5).learningRate(3e-3).warmupSteps(Math.min(10, steps))
                .decay(LrDecay.cosine(3e-4)).weightDecay(0).clipNorm(1.0).logInterval(1000);
        if (checkpoints != null) {
            t.checkpointDir(checkpoints).checkpointInterval(50);
        }
        return VqVaeTrainingConfig.builder().model(Fixtures.tinyConfig()).training(t.build()).batchSize(8)
                .restartInterval(20).evaluationInterval(evalInterval).initSeed(3).build();
    }

    private static double mse(double psnr) {
        return 255.0 * 255.0 / Math.pow(10, psnr / 10);
    }

    @Test
    void reconstructionErrorFallsAndTheExportAgrees() throws Exception {
        ImageDataset data = ImageDataset.of(Fixtures.images(16, 16, 77), 16);
        double before;
        try (TrainedVqVae untrained = VqVaeTrainer.train(config(1, null, 0), data, data, VqVaeTrainingListener.NONE)) {
            before = mse(untrained.lastEvaluation().psnr());
        }
        List<VqVaeEvaluation> seen = new ArrayList<>();
        try (TrainedVqVae trained = VqVaeTrainer.train(config(STEPS, dir.resolve("ckpt"), 50), data, data, seen::add)) {
            assertEquals(List.of(50L, 100L, 150L), seen.stream().map(VqVaeEvaluation::step).toList());
            VqVaeEvaluation last = trained.lastEvaluation();
            double after = mse(last.psnr());
            System.out.printf("tiny training: MSE %.1f -> %.1f (factor %.1f), %s%n", before, after, before / after, last);
            assertTrue(after < before / 4, "MSE must fall by 4x: " + before + " -> " + after);
            assertTrue(last.codebook().usedCodes() >= 4, "codes used: " + last.codebook());

            // Side-by-side grid: left half the originals, right half the reconstructions.
            Path png = dir.resolve("grid.png");
            List<BufferedImage> three = data.images().subList(0, 3);
            trained.reconstructGrid(three, png);
            BufferedImage grid = ImageIO.read(png.toFile());
            assertEquals(2 * 16 + 6, grid.getWidth());
            assertEquals(3 * 18 + 2, grid.getHeight());
            assertEquals(three.get(1).getRGB(5, 7) & 0xffffff, grid.getRGB(2 + 5, 2 + 18 + 7) & 0xffffff);
            BufferedImage recon = trained.reconstruct(List.of(three.get(1))).get(0);
            assertEquals(recon.getRGB(5, 7) & 0xffffff, grid.getRGB(4 + 16 + 5, 2 + 18 + 7) & 0xffffff);

            // The exported tokenizer reproduces the DJL reconstruction.
            trained.export(dir.resolve("export"), Map.of("dataset", "fixture-ovals"));
            try (ImageTokenizer tok = ImageTokenizer.open(dir.resolve("export").resolve(VqVaeExporter.ENCODER_FILE),
                    dir.resolve("export").resolve(VqVaeExporter.DECODER_FILE), RuntimeConfig.builder().intraOpThreads(1).build())) {
                List<BufferedImage> viaOnnx = tok.decodeAll(tok.encodeAll(data.images()));
                List<BufferedImage> viaDjl = trained.reconstruct(data.images());
                for (int i = 0; i < viaOnnx.size(); i++) {
                    assertTrue(ImageMetrics.psnr(viaDjl.get(i), viaOnnx.get(i)) > 40, "image " + i);
                }
            }
        }

        // Resume: the checkpoint of step 150 is picked up and only the extra steps run.
        try (TrainedVqVae resumed = VqVaeTrainer.train(config(STEPS + 10, dir.resolve("ckpt"), 0), data, data,
                VqVaeTrainingListener.NONE)) {
            assertEquals(STEPS, resumed.startStep());
            assertEquals(STEPS + 10, resumed.steps());
            assertTrue(mse(resumed.lastEvaluation().psnr()) < before / 4, "resumed model keeps the trained weights");
        }
        assertTrue(Files.isDirectory(dir.resolve("ckpt").resolve("step-000000160")));
    }

    private static float[] parameters(TrainedVqVae m) {
        List<Float> all = new ArrayList<>();
        for (var p : m.model().getParameters()) {
            for (float v : p.getValue().getArray().toFloatArray()) {
                all.add(v);
            }
        }
        float[] a = new float[all.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = all.get(i);
        }
        return a;
    }

    @Test
    void resumedRunEqualsUninterruptedRun() {
        ImageDataset data = ImageDataset.of(Fixtures.images(6, 16, 78), 16);
        java.util.function.BiFunction<Long, Path, VqVaeTrainingConfig> cfg = (steps, ckpt) -> VqVaeTrainingConfig.builder()
                .model(Fixtures.tinyConfig()).batchSize(4).restartInterval(4).initSeed(2)
                .training(TrainingConfig.builder().steps(steps).seed(9).learningRate(2e-3).decay(LrDecay.constant()).weightDecay(0)
                        .checkpointDir(ckpt).checkpointInterval(10).logInterval(1000).build()).build();
        float[] straight;
        try (TrainedVqVae a = VqVaeTrainer.train(cfg.apply(24L, dir.resolve("a")), data, VqVaeTrainingListener.NONE)) {
            straight = parameters(a);
        }
        // First run stops after 14 steps (checkpoint at 10 and 14); the second resumes from 14 and goes to 24
        // (constant learning rate: a cosine schedule would depend on the total step count).
        try (TrainedVqVae b = VqVaeTrainer.train(cfg.apply(14L, dir.resolve("b")), data, VqVaeTrainingListener.NONE)) {
            assertEquals(14, b.steps());
        }
        try (TrainedVqVae b = VqVaeTrainer.train(cfg.apply(24L, dir.resolve("b")), data, VqVaeTrainingListener.NONE)) {
            assertEquals(14, b.startStep());
            org.speaktheart.core.testing.Tolerance.absolute(1e-6).assertClose(straight, parameters(b),
                    "parameters (EMA codebook state included) after resume");
        }
    }

    @Test
    void wrongImageSizeIsRejected() {
        ImageDataset data = ImageDataset.of(Fixtures.images(2, 8, 1), 8);
        VqVaeException e = org.junit.jupiter.api.Assertions.assertThrows(VqVaeException.class,
                () -> VqVaeTrainer.train(config(1, null, 0), data, VqVaeTrainingListener.NONE));
        assertTrue(e.getMessage().contains("8x8"), e.getMessage());
    }
}
