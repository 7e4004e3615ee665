package org.speaktheart.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sta evaluate}: help, usage errors (exit 2) and refused inputs (exit 1). The happy paths of
 * evaluate and judge-train run on a trained bundle in {@code EvalEndToEndTest}.
 */
class EvaluateCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = StaCommand.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void helpListsTheOptionsAndTheJudgeCommand() {
        Run help = run("evaluate", "--help");
        assertEquals(0, help.code);
        for (String option : new String[] {"--bundle", "--manifest", "--split", "--languages", "--samples", "--seed", "--judge",
                "--teacher-tower", "--out", "judge-train", "--inception", "--inception-normalisation", "--inception-features",
                "--inception-logits", "--is-splits", "minus-one-one", "imagenet"}) {
            assertTrue(help.out.contains(option), option + " in " + help.out);
        }
        Run judgeHelp = run("evaluate", "judge-train", "--help");
        assertEquals(0, judgeHelp.code);
        assertTrue(judgeHelp.out.contains("--val-split"), judgeHelp.out);
        Run fitHelp = run("evaluate", "denoiser-fit", "--help");
        assertEquals(0, fitHelp.code);
        for (String option : new String[] {"--bundle", "--manifest", "--split", "--caption-language", "--condition",
                "--max-pictures", "--timesteps", "--seed", "--out"}) {
            assertTrue(fitHelp.out.contains(option), option + " in " + fitHelp.out);
        }
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(2, run("evaluate", "--manifest", "m.jsonl", "--teacher-tower", "t.onnx").code, "missing --bundle");
        assertEquals(2, run("evaluate", "--bundle", "b", "--manifest", "m", "--teacher-tower", "t", "--samples", "two").code);
        Run noManifest = run("evaluate", "judge-train");
        assertEquals(2, noManifest.code, noManifest.err);
    }

    @Test
    void refusedInputsExitWith1(@TempDir Path dir) throws Exception {
        Path manifest = dir.resolve("manifest.jsonl");
        Files.writeString(manifest, "{\"id\":\"a\",\"imagePath\":\"a.png\",\"conceptId\":\"x\",\"caption\":\"x\",\"language\":\"en\","
                + "\"split\":\"test\"}\n");
        Run both = run("evaluate", "--bundle", dir.toString(), "--manifest", manifest.toString(), "--teacher-tower", "t.onnx",
                "--judge", "j.onnx", "--no-judge");
        assertEquals(1, both.code);
        assertTrue(both.err.contains("--no-judge"), both.err);
        Run split = run("evaluate", "--bundle", dir.toString(), "--manifest", manifest.toString(), "--teacher-tower", "t.onnx",
                "--split", "dev", "--no-judge");
        assertEquals(1, split.code);
        assertTrue(split.err.contains("unknown split 'dev'"), split.err);
        Run noManifest = run("evaluate", "--bundle", dir.toString(), "--manifest", dir.resolve("none.jsonl").toString(),
                "--teacher-tower", "t.onnx", "--no-judge");
        assertEquals(1, noManifest.code);
        Run judge = run("evaluate", "--bundle", dir.toString(), "--manifest", manifest.toString(), "--teacher-tower", "t.onnx",
                "--judge", dir.resolve("missing.onnx").toString());
        assertEquals(1, judge.code);
        assertTrue(judge.err.contains("missing.onnx"), judge.err);
        // Inception settings: checked before any model is loaded or trained.
        String[] base = {"evaluate", "--bundle", dir.toString(), "--manifest", manifest.toString(), "--teacher-tower", "t.onnx",
                "--no-judge"};
        Path notOnnx = Files.writeString(dir.resolve("inception.onnx"), "not a model");
        Run normalisation = run(concat(base, "--inception", notOnnx.toString(), "--inception-normalisation", "zero-one"));
        assertEquals(1, normalisation.code, normalisation.err);
        assertTrue(normalisation.err.contains("unknown Inception normalisation 'zero-one'")
                && normalisation.err.contains("[minus-one-one, imagenet]"), normalisation.err);
        Run orphan = run(concat(base, "--inception-features", "pool_3", "--is-splits", "5"));
        assertEquals(1, orphan.code, orphan.err);
        assertTrue(orphan.err.contains("--inception-features, --is-splits only apply with --inception FILE"), orphan.err);
        Run notAModel = run(concat(base, "--inception", notOnnx.toString()));
        assertEquals(1, notAModel.code, notAModel.err);
        assertTrue(notAModel.err.contains("cannot load Inception model") && notAModel.err.contains("accepted: an Inception-v3 network"),
                notAModel.err);
        Run absent = run(concat(base, "--inception", dir.resolve("absent.onnx").toString()));
        assertEquals(1, absent.code, absent.err);
        assertTrue(absent.err.contains("absent.onnx does not exist"), absent.err);
        Run splits = run(concat(base, "--inception", notOnnx.toString(), "--is-splits", "0"));
        assertEquals(1, splits.code, splits.err);
        assertTrue(splits.err.contains("inceptionScoreSplits must be >= 1"), splits.err);
        Run noImages = run("evaluate", "judge-train", "--manifest", manifest.toString(), "--out", dir.resolve("j.onnx").toString(),
                "--train-split", "test", "--val-split", "test");
        assertEquals(1, noImages.code);
        assertTrue(noImages.err.contains("at least 2 concepts"), noImages.err);
    }

    /** Three drawn pictures with English captions in the train split, one without a caption in English. */
    private static Path drawnManifest(Path dir) throws Exception {
        StringBuilder lines = new StringBuilder();
        java.awt.Color[] colours = {java.awt.Color.RED, java.awt.Color.GREEN, java.awt.Color.BLUE};
        String[] names = {"red", "green", "blue"};
        for (int i = 0; i < 3; i++) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = img.createGraphics();
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, 64, 64);
            g.setColor(colours[i]);
            g.fillOval(8 + 4 * i, 10, 40, 40 - 6 * i);
            g.dispose();
            javax.imageio.ImageIO.write(img, "png", dir.resolve(names[i] + ".png").toFile());
            lines.append("{\"id\":\"").append(names[i]).append("\",\"imagePath\":\"").append(names[i])
                    .append(".png\",\"conceptId\":\"").append(names[i]).append("\",\"caption\":\"a ").append(names[i])
                    .append(" ball\",\"language\":\"en\",\"split\":\"train\"}\n");
        }
        lines.append("{\"id\":\"ar\",\"imagePath\":\"red.png\",\"conceptId\":\"red\",\"caption\":\"كرة\","
                + "\"language\":\"ar\",\"split\":\"val\"}\n");
        return Files.writeString(dir.resolve("drawn.jsonl"), lines.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void denoiserFitScoresTheDefaultModelOnASplitsPictures(@TempDir Path dir) throws Exception {
        Path manifest = drawnManifest(dir);
        Path json = dir.resolve("fit.json");
        Run fit = run("evaluate", "denoiser-fit", "--manifest", manifest.toString(), "--timesteps", "5,25,50", "--seed", "3",
                "-o", json.toString());
        assertEquals(0, fit.code, fit.err);
        assertTrue(fit.out.contains("on 3 train pictures"), fit.out);
        com.google.gson.JsonObject r = com.google.gson.JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(3, r.get("pictures").getAsInt());
        com.google.gson.JsonArray levels = r.getAsJsonArray("levels");
        assertEquals(3, levels.size());
        double previous = -1;
        for (int i = 0; i < 3; i++) {
            com.google.gson.JsonObject l = levels.get(i).getAsJsonObject();
            assertEquals(new int[] {5, 25, 50}[i], l.get("t").getAsInt());
            double masked = l.get("maskedFraction").getAsDouble();
            assertTrue(masked > previous, "more is masked at later steps: " + levels);
            previous = masked;
            assertEquals(Math.round(masked * 3 * 256), l.get("scored").getAsLong(), "16 x 16 tokens per picture");
            for (String f : new String[] {"conditionalNll", "unconditionalNll"}) {
                double nll = l.get(f).getAsDouble();
                assertTrue(nll > 0 && nll < 50, f + " " + nll);
            }
        }
        assertTrue(previous > 0.99, "all but nothing is masked at T: " + previous);
        // The same seed gives the same figures; the printed table carries them.
        Run again = run("evaluate", "denoiser-fit", "--manifest", manifest.toString(), "--timesteps", "5,25,50", "--seed", "3");
        assertEquals(fit.out.substring(0, fit.out.indexOf("figures:")), again.out);
        assertEquals("caption", r.get("condition").getAsString());
        // The pictures' own teacher embeddings condition the same noised grids: other conditional figures, the
        // same unconditional ones.
        Path imageJson = dir.resolve("fit-image.json");
        Run image = run("evaluate", "denoiser-fit", "--manifest", manifest.toString(), "--timesteps", "5,25,50", "--seed", "3",
                "--condition", "image", "-o", imageJson.toString());
        assertEquals(0, image.code, image.err);
        assertTrue(image.out.contains("condition image"), image.out);
        com.google.gson.JsonObject ri = com.google.gson.JsonParser.parseString(Files.readString(imageJson)).getAsJsonObject();
        assertEquals("image", ri.get("condition").getAsString());
        for (int i = 0; i < 3; i++) {
            com.google.gson.JsonObject caption = levels.get(i).getAsJsonObject();
            com.google.gson.JsonObject own = ri.getAsJsonArray("levels").get(i).getAsJsonObject();
            assertEquals(caption.get("unconditionalNll").getAsDouble(), own.get("unconditionalNll").getAsDouble(), 1e-12);
            assertNotEquals(caption.get("conditionalNll").getAsDouble(), own.get("conditionalNll").getAsDouble(),
                    "t = " + caption.get("t"));
        }
        Run badCondition = run("evaluate", "denoiser-fit", "--manifest", manifest.toString(), "--condition", "speech");
        assertEquals(2, badCondition.code);
        assertTrue(badCondition.err.contains("--condition must be caption or image, got 'speech'"), badCondition.err);

        Run badStep = run("evaluate", "denoiser-fit", "--manifest", manifest.toString(), "--timesteps", "0");
        assertEquals(1, badStep.code);
        assertTrue(badStep.err.contains("timestep 0 is outside 1..50"), badStep.err);
        Run noCaptions = run("evaluate", "denoiser-fit", "--manifest", manifest.toString(), "--split", "test");
        assertEquals(1, noCaptions.code);
        assertTrue(noCaptions.err.contains("has no picture with a 'en' caption"), noCaptions.err);
        Run none = run("evaluate", "denoiser-fit", "--manifest", manifest.toString(), "--max-pictures", "0");
        assertEquals(1, none.code);
        assertTrue(none.err.contains("maxPictures must be >= 1"), none.err);
        assertEquals(2, run("evaluate", "denoiser-fit").code, "missing --manifest");
    }
}
