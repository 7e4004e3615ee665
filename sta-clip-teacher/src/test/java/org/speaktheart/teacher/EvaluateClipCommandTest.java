package org.speaktheart.teacher;

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
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.teacher.cli.TeacherCommand;
import picocli.CommandLine;

/** {@code teacher evaluate} with an external CLIP (the tiny CLIP-contract graphs of {@link OnnxClipTeacherTest}). */
class EvaluateClipCommandTest {

    @Test
    void evaluatesAnExternalClipFromItsOptions(@TempDir Path dir) throws IOException {
        Manifest manifest = ShapeImages.writeCorpus(dir.resolve("corpus"), 16, new int[] {1, 0, 2}, 5);
        Path text = OnnxClipTeacherTest.textGraph(dir, true);
        Path vision = OnnxClipTeacherTest.visionGraph(dir, OnnxClipTeacherTest.SIDE);
        Path tokenizer = OnnxClipTeacherTest.tokenizer(dir);
        Path json = dir.resolve("clip.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TeacherCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("evaluate", "--manifest", manifest.file().toString(), "--clip-text", text.toString(), "--clip-vision",
                vision.toString(), "--clip-tokenizer", tokenizer.toString(), "--clip-image-size", String.valueOf(OnnxClipTeacherTest.SIDE),
                "--clip-context-length", String.valueOf(OnnxClipTeacherTest.CONTEXT), "--json", json.toString(), "--threads", "1");
        assertEquals(0, code, err.toString());

        // Reference: the same CLIP loaded directly, concept texts summed over the train captions, an argmax per picture.
        ClipTeacherConfig config = ClipTeacherConfig.builder().textModel(text).visionModel(vision).tokenizer(tokenizer)
                .preprocessing(ImagePreprocessing.clip(OnnxClipTeacherTest.SIDE)).contextLength(OnnxClipTeacherTest.CONTEXT).build();
        List<ManifestRecord> test = manifest.split(Split.TEST);
        int hits = 0;
        String identity;
        try (OnnxClipTeacher clip = OnnxClipTeacher.load(config)) {
            identity = clip.identity();
            float[][] concepts = new float[ShapeImages.concepts()][];
            for (int c = 0; c < concepts.length; c++) {
                float[][] e = clip.embedTexts(List.of(ShapeImages.caption(c), "a picture of " + ShapeImages.caption(c)));
                concepts[c] = Embeddings.normalize(new float[] {e[0][0] + e[1][0], e[0][1] + e[1][1], e[0][2] + e[1][2],
                    e[0][3] + e[1][3]});
            }
            List<BufferedImage> pictures = new ArrayList<>();
            for (ManifestRecord r : test) {
                pictures.add(ImageIO.read(manifest.resolve(r.imagePath()).toFile()));
            }
            float[][] images = clip.embedImages(pictures);
            for (int i = 0; i < images.length; i++) {
                int best = 0;
                for (int c = 1; c < concepts.length; c++) {
                    if (Embeddings.dot(images[i], concepts[c]) > Embeddings.dot(images[i], concepts[best])) {
                        best = c;
                    }
                }
                hits += ("c" + best).equals(test.get(i).conceptId()) ? 1 : 0;
            }
        }
        assertTrue(hits > 0, "a reference of 0 hits would not tell a mis-wired concept set from a right one");
        JsonObject o = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(identity, o.get("teacher").getAsString());
        assertTrue(identity.startsWith("onnx-clip@clip-"), identity);
        JsonObject r = o.getAsJsonObject("retrieval");
        assertEquals(18, r.get("images").getAsInt());
        assertEquals(9, r.get("concepts").getAsInt());
        assertEquals((double) hits / test.size(), r.getAsJsonObject("imageToConcept").get("r1").getAsDouble(), 1e-12);
        assertTrue(out.toString().contains("onnx-clip@clip-"), out.toString());
    }
}
