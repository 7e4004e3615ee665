package org.speaktheart.teacher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.teacher.LockedTextTeacher;
import org.speaktheart.teacher.ShapeImages;
import picocli.CommandLine;

class TeacherCommandTest {

    /** Exit code, stdout and stderr of one run. */
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TeacherCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpUsageErrorsAndRuntimeFailuresHaveTheirExitCodes(@TempDir Path dir) {
        Run help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("train") && help.out().contains("evaluate"), help.out());
        assertEquals(0, run("train", "--help").code());
        assertEquals(0, run("evaluate", "--help").code());

        Run none = run();
        assertEquals(2, none.code());
        assertTrue(none.err().contains("subcommand is required"), none.err());
        Run unknown = run("distil");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("distil"), unknown.err());

        String m = dir.resolve("manifest.jsonl").toString();
        Run missing = run("train", "--out", dir.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--manifest"), missing.err());
        assertEquals(2, run("evaluate", "--manifest", m).code(), "no teacher given");
        assertEquals(2, run("evaluate", "--manifest", m, "--tower", "t.onnx", "--clip-text", "a", "--clip-vision", "b",
                "--clip-tokenizer", "c").code(), "two teachers given");
        assertEquals(2, run("evaluate", "--manifest", m, "--clip-text", "a").code(), "CLIP without its vision graph");
        Run badSplit = run("evaluate", "--manifest", m, "--tower", "t.onnx", "--split", "dev");
        assertEquals(2, badSplit.code());
        assertTrue(badSplit.err().contains("accepted: train, val, test"), badSplit.err());
        Run badSteps = run("train", "--manifest", m, "--out", dir.toString(), "--steps", "0", "--jitter", "1.5");
        assertEquals(2, badSteps.code());
        assertTrue(badSteps.err().contains("--steps must be >= 1") && badSteps.err().contains("--jitter"), badSteps.err());
        assertEquals(2, run("train", "--manifest", m, "--out", dir.toString(), "--monitor-split", "dev").code());
        assertEquals(2, run("train", "--manifest", m, "--out", dir.toString(), "--steps", "ten").code());

        Run absent = run("evaluate", "--manifest", m, "--tower", dir.resolve("t.onnx").toString());
        assertEquals(1, absent.code());
        assertTrue(absent.err().contains("manifest.jsonl"), absent.err());
        assertTrue(absent.out().isEmpty(), absent.out());
    }

    @Test
    void trainEvaluateAndResumeOnATinyCorpus(@TempDir Path dir) throws IOException {
        Manifest manifest = ShapeImages.writeCorpus(dir.resolve("corpus"), 16, new int[] {4, 0, 2}, 11);
        Path out = dir.resolve("run");
        String[] train = {"train", "--manifest", manifest.file().toString(), "--out", out.toString(), "--steps", "80", "--batch", "9",
            "--base-channels", "8", "--multipliers", "1,2", "--groups", "4", "--image-size", "16", "--lr", "3e-3", "--warmup", "5",
            "--no-flip", "--jitter", "0.05", "--max-shift", "1", "--checkpoint-interval", "40", "--report-interval", "40", "--ema", "0.9",
            "--monitor-split", "test", "--seed", "3", "--threads", "1"};
        Run trained = run(train);
        assertEquals(0, trained.code(), trained.err());
        assertTrue(trained.out().contains("9 concepts, 36 training pictures"), trained.out());
        assertTrue(trained.out().contains("step 40/80") && trained.out().contains("step 80/80"), trained.out());
        JsonObject result = json(out.resolve("result.json"));
        assertTrue(result.get("resumedFromStep").isJsonNull());
        assertEquals(80, result.get("steps").getAsInt());
        assertTrue(result.get("lastLoss").getAsDouble() < 0.6 * Math.log(9), "loss " + result.get("lastLoss"));
        JsonObject monitor = result.getAsJsonObject("monitor").getAsJsonObject("retrieval");
        assertEquals(18, monitor.get("images").getAsInt());
        assertEquals(9, monitor.get("concepts").getAsInt());
        double monitorR1 = monitor.getAsJsonObject("imageToConcept").get("r1").getAsDouble();
        assertTrue(monitorR1 >= 0.5, "held-out image->concept R@1 " + monitorR1 + " (chance 0.11)");
        for (String f : List.of("image-tower.onnx", "metrics.jsonl", "train-options.json", "checkpoints/step-000000040",
                "checkpoints/step-000000080")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }

        Path json = dir.resolve("eval.json");
        Run evaluated = run("evaluate", "--manifest", manifest.file().toString(), "--tower", out.resolve("image-tower.onnx").toString(),
                "--split", "test", "--json", json.toString(), "--threads", "1");
        assertEquals(0, evaluated.code(), evaluated.err());
        assertTrue(evaluated.out().contains("image->concept") && evaluated.out().contains(result.get("teacher").getAsString()),
                evaluated.out());
        JsonObject e = json(json);
        assertEquals(result.get("teacher").getAsString(), e.get("teacher").getAsString());
        JsonObject r = e.getAsJsonObject("retrieval");
        assertEquals(18, r.get("images").getAsInt());
        assertEquals(9, r.get("concepts").getAsInt());
        JsonObject i2c = r.getAsJsonObject("imageToConcept");
        JsonObject c2i = r.getAsJsonObject("conceptToImage");
        assertEquals(1.0 / 9, i2c.get("chanceR1").getAsDouble(), 1e-12);
        assertEquals(5.0 / 9, i2c.get("chanceR5").getAsDouble(), 1e-12);
        assertEquals(2.0 / 18, c2i.get("chanceR1").getAsDouble(), 1e-12);
        assertEquals(i2c.get("r1").getAsDouble() * 9, i2c.get("r1OverChance").getAsDouble(), 1e-9);
        // The ONNX teacher (evaluate) and the DJL tower (train's monitor) rank the same pictures the same way.
        assertEquals(monitor.getAsJsonObject("imageToConcept").toString(), i2c.toString());
        assertEquals(monitor.getAsJsonObject("conceptToImage").toString(), c2i.toString());
        // Brute force from the exported teacher: each test picture's own caption must score above every other concept's.
        assertEquals(bruteForceImageToConceptR1(manifest, out.resolve("image-tower.onnx")), i2c.get("r1").getAsDouble(), 1e-12);

        // Interrupted after step 40: resuming reproduces the uninterrupted tower.
        Path first = dir.resolve("first.onnx");
        Files.copy(out.resolve("image-tower.onnx"), first, StandardCopyOption.REPLACE_EXISTING);
        deleteTree(out.resolve("checkpoints/step-000000080"));
        Files.delete(out.resolve("image-tower.onnx"));
        Run resumed = run(train);
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("resuming from the checkpoint of step 40"), resumed.out());
        assertEquals(40, json(out.resolve("result.json")).get("resumedFromStep").getAsInt());
        List<BufferedImage> pictures = testPictures(manifest);
        try (LockedTextTeacher a = LockedTextTeacher.load(first, RuntimeConfig.builder().intraOpThreads(1).build(), 8);
             LockedTextTeacher b = LockedTextTeacher.load(out.resolve("image-tower.onnx"), RuntimeConfig.builder().intraOpThreads(1).build(), 8)) {
            float[][] ea = a.embedImages(pictures);
            float[][] eb = b.embedImages(pictures);
            for (int i = 0; i < ea.length; i++) {
                new Tolerance(1e-6, 0).assertClose(ea[i], eb[i], "resumed tower, picture " + i);
            }
        }

        // Other options in the same directory are refused (runtime failure), naming what differs.
        String[] other = train.clone();
        other[6] = "81";
        Run refused = run(other);
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("steps: 80 there, 81 now"), refused.err());
    }

    private static double bruteForceImageToConceptR1(Manifest manifest, Path tower) throws IOException {
        List<ManifestRecord> test = manifest.split(Split.TEST);
        try (LockedTextTeacher t = LockedTextTeacher.load(tower, RuntimeConfig.builder().intraOpThreads(1).build(), 8)) {
            // Concept texts: the mean of the unit embeddings of "a red circle" and "a picture of a red circle" (train captions).
            float[][] concepts = new float[ShapeImages.concepts()][];
            for (int c = 0; c < concepts.length; c++) {
                float[][] e = t.embedTexts(List.of(ShapeImages.caption(c), "a picture of " + ShapeImages.caption(c)));
                concepts[c] = new float[e[0].length];
                for (int d = 0; d < e[0].length; d++) {
                    concepts[c][d] = e[0][d] + e[1][d]; // the norm does not change which concept scores highest
                }
            }
            float[][] images = t.embedImages(testPictures(manifest));
            int hits = 0;
            for (int i = 0; i < images.length; i++) {
                int own = Integer.parseInt(test.get(i).conceptId().substring(1));
                double best = Double.NEGATIVE_INFINITY;
                int arg = -1;
                for (int c = 0; c < concepts.length; c++) {
                    double s = 0;
                    double n = 0;
                    for (int d = 0; d < images[i].length; d++) {
                        s += images[i][d] * concepts[c][d];
                        n += concepts[c][d] * concepts[c][d];
                    }
                    s /= Math.sqrt(n);
                    if (s > best) {
                        best = s;
                        arg = c;
                    }
                }
                hits += arg == own ? 1 : 0;
            }
            return (double) hits / images.length;
        }
    }

    private static List<BufferedImage> testPictures(Manifest manifest) throws IOException {
        List<BufferedImage> out = new ArrayList<>();
        for (ManifestRecord r : manifest.split(Split.TEST)) {
            out.add(ImageIO.read(manifest.resolve(r.imagePath()).toFile()));
        }
        return out;
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
