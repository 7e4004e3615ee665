package org.speaktheart.pipeline.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.diffusion.loss.LossConfig;

/** The recipe's small parts: condition mixes, loss curves from harness metrics, stage markers, config validation. */
class RecipePartsTest {

    @Test
    void parsesAndRefusesConditionMixes() {
        assertEquals(new ConditionMix(0.6, 0.3, 0.1), ConditionMix.parse("speech=0.6, text=0.3,image=0.1"));
        assertEquals(new ConditionMix(0, 1, 0), ConditionMix.parse("text=1"));
        assertEquals(ConditionMix.defaults(), ConditionMix.parse(ConditionMix.defaults().toString()));
        RecipeException unknown = assertThrows(RecipeException.class, () -> ConditionMix.parse("audio=1"));
        assertTrue(unknown.getMessage().contains("audio=1"), unknown.getMessage());
        assertThrows(RecipeException.class, () -> ConditionMix.parse("speech=x"));
        RecipeException zero = assertThrows(RecipeException.class, () -> ConditionMix.parse("speech=0,text=0"));
        assertTrue(zero.getMessage().contains("not all 0"), zero.getMessage());
        assertThrows(RecipeException.class, () -> new ConditionMix(-1, 1, 1));
    }

    @Test
    void readsTheFinalHistoryOfAResumedRunAndDrawsIt(@TempDir Path dir) throws Exception {
        Path metrics = dir.resolve("metrics.jsonl");
        // steps 0-3, a resume from the step-2 checkpoint repeating steps 2-3, then step 4; and a cut line
        Files.writeString(metrics, String.join("\n",
                "{\"step\":0,\"loss\":4.0,\"lr\":0.001}",
                "{\"step\":1,\"loss\":3.0}",
                "{\"step\":2,\"loss\":2.5}",
                "{\"step\":3,\"loss\":2.25}",
                "{\"step\":2,\"loss\":2.0}",
                "{\"step\":3,\"loss\":1.5}",
                "{\"step\":4,\"loss\":null}",
                "{\"step\":4,\"loss\":1.25}",
                "{\"step\":5,\"lo"), StandardCharsets.UTF_8);
        TreeMap<Long, Double> losses = LossCurves.read(metrics);
        assertEquals(new TreeMap<>(Map.of(0L, 4.0, 1L, 3.0, 2L, 2.0, 3L, 1.5, 4L, 1.25)), losses);
        Path png = dir.resolve("loss.png");
        assertEquals(5, LossCurves.write(metrics, png, "test loss"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(800, image.getWidth());
        assertEquals(500, image.getHeight());
        Files.writeString(metrics, "{\"step\":0,\"loss\":null}\n", StandardCharsets.UTF_8);
        assertThrows(RecipeException.class, () -> LossCurves.write(metrics, png, "empty"));
    }

    @Test
    void aMarkerHoldsOnlyWhileItsFingerprintAndOutputsHold(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model.onnx"), "weights", StandardCharsets.UTF_8);
        StageMarker written = StageMarker.write(dir, "denoiser", "key\nsteps=10", List.of("model.onnx"),
                Map.of("lastLoss", 1.5), Map.of("seed", "3"));
        StageMarker read = StageMarker.finished(dir, "key\nsteps=10").orElseThrow();
        assertEquals(written, read);
        assertEquals(1.5, read.figures().get("lastLoss"));
        // SHA-256 of the 7 bytes "weights" as printed by coreutils' sha256sum
        assertEquals("9a129038d9a00aed0cf6a7ea059ca50a813449061ab87848cf1a13eafdf33b2c", read.outputs().get("model.onnx"));
        assertTrue(StageMarker.finished(dir, "key\nsteps=20").isEmpty(), "other steps: not finished");
        Files.writeString(dir.resolve("model.onnx"), "tampered", StandardCharsets.UTF_8);
        assertTrue(StageMarker.finished(dir, "key\nsteps=10").isEmpty(), "changed output: not finished");
        Files.writeString(dir.resolve(StageMarker.FILE), "{\"formatVersion\":9,\"outputs\":{}}", StandardCharsets.UTF_8);
        RecipeException e = assertThrows(RecipeException.class, () -> StageMarker.read(dir));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }

    @Test
    void denoiserOptionsNameNoiseScaleAuxiliaryWeightAndConditionTokensOnlyWhenSet() {
        // stage keys are built from this text: options from before the noise existed must keep theirs
        assertEquals("DenoiserOptions[width=128, depth=4, heads=4, diffusionSteps=50, steps=4000, batchSize=16, "
                + "learningRate=0.001, emaDecay=0.999, conditionDropout=0.1, mix=speech=0.6,text=0.3,image=0.1]",
                DenoiserOptions.defaults().toString());
        DenoiserOptions d = DenoiserOptions.defaults();
        DenoiserOptions noisy = d.toBuilder().conditionNoise(1.5).build();
        assertTrue(noisy.toString().endsWith(", conditionNoise=1.5]"), noisy.toString());
        DenoiserOptions scaled = d.toBuilder().conditionNoise(1.5).conditionScale(19.6).build();
        assertTrue(scaled.toString().endsWith(", conditionNoise=1.5, conditionScale=19.6]"), scaled.toString());
        assertEquals(1.0, noisy.conditionScale());
        assertEquals(5e-4, noisy.auxiliaryWeight());
        assertEquals(LossConfig.VQ_DIFFUSION, noisy.loss());
        DenoiserOptions direct = scaled.toBuilder().auxiliaryWeight(0.1).build();
        assertTrue(direct.toString().endsWith(", conditionScale=19.6, auxiliaryWeight=0.1]"), direct.toString());
        assertEquals(new LossConfig(0.1, true, 1, 1), direct.loss());
        assertEquals(0, direct.conditionTokens());
        DenoiserOptions tokens = d.toBuilder().conditionTokens(8).build();
        assertTrue(tokens.toString().endsWith("image=0.1, conditionTokens=8]"), tokens.toString());
        assertEquals(d, DenoiserOptions.builder().build(), "the builder starts from the defaults");
        assertEquals(direct, direct.toBuilder().build());
    }

    @Test
    void configErrorsNameTheField() {
        DenoiserOptions.Builder d = DenoiserOptions.builder().width(32).depth(1).heads(4).diffusionSteps(4).steps(10).batchSize(4)
                .emaDecay(0).mix(ConditionMix.defaults());
        RecipeException e = assertThrows(RecipeException.class, () -> d.width(30).build());
        assertTrue(e.getMessage().startsWith("denoiser.width"), e.getMessage());
        d.width(32);
        e = assertThrows(RecipeException.class, () -> d.conditionNoise(-1).build());
        assertTrue(e.getMessage().startsWith("denoiser.conditionNoise") && e.getMessage().contains("[0, 10]"), e.getMessage());
        d.conditionNoise(0);
        e = assertThrows(RecipeException.class, () -> d.conditionScale(0).build());
        assertTrue(e.getMessage().startsWith("denoiser.conditionScale") && e.getMessage().contains("(0, 1000]"),
                e.getMessage());
        d.conditionScale(1);
        for (double lambda : new double[] {-1e-3, 101, Double.NaN}) {
            e = assertThrows(RecipeException.class, () -> d.auxiliaryWeight(lambda).build());
            assertTrue(e.getMessage().startsWith("denoiser.auxiliaryWeight") && e.getMessage().contains("[0, 100]"),
                    e.getMessage());
        }
        d.auxiliaryWeight(5e-4);
        for (int tokens : new int[] {-1, 65}) {
            e = assertThrows(RecipeException.class, () -> d.conditionTokens(tokens).build());
            assertTrue(e.getMessage().startsWith("denoiser.conditionTokens") && e.getMessage().contains("[0, 64]"),
                    e.getMessage());
        }
        e = assertThrows(RecipeException.class, () -> DenoiserOptions.builder().mix(null).build());
        assertTrue(e.getMessage().contains("denoiser.mix"), e.getMessage());
        e = assertThrows(RecipeException.class, () -> RecipeConfig.builder(Path.of("m.jsonl"), Path.of("w"))
                .languages(List.of()).build());
        assertTrue(e.getMessage().startsWith("languages"), e.getMessage());
        e = assertThrows(RecipeException.class, () -> RecipeConfig.builder(Path.of("m.jsonl"), Path.of("w"))
                .checkpointInterval(0).build());
        assertTrue(e.getMessage().startsWith("checkpointInterval"), e.getMessage());
        e = assertThrows(RecipeException.class, () -> RecipeConfig.builder(Path.of("m.jsonl"), Path.of("w"))
                .sampling(-1, 1).build());
        assertTrue(e.getMessage().startsWith("guidanceScale"), e.getMessage());
        e = assertThrows(RecipeException.class, () -> RecipeConfig.builder(Path.of("m.jsonl"), Path.of("w"))
                .sampling(1, 0).build());
        assertTrue(e.getMessage().startsWith("truncationRate"), e.getMessage());
        for (int k : new int[] {0, 17}) {
            e = assertThrows(RecipeException.class, () -> RecipeConfig.builder(Path.of("m.jsonl"), Path.of("w"))
                    .candidates(k).build());
            assertTrue(e.getMessage().equals("candidates must be in 1..16, got " + k), e.getMessage());
        }
        e = assertThrows(RecipeException.class, () -> new TokenizerOptions(30, 16, 8, 8, 10, 4, 1e-3));
        assertTrue(e.getMessage().startsWith("tokenizer.imageSize"), e.getMessage());
    }
}
