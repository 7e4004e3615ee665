package org.speaktheart.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.onnx.Attr;
import org.speaktheart.core.onnx.Dim;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;
import org.speaktheart.core.testing.BlockParity;
import org.speaktheart.core.testing.Tolerance;

/**
 * A tiny CLIP-shaped pair of graphs built here in the {@link OnnxClipTeacher} contract: the text graph
 * looks up token embeddings, averages them over the attention mask and projects; the vision graph
 * flattens the pixels and projects. The teacher's outputs are checked against the same computation
 * written in plain Java.
 */
class OnnxClipTeacherTest {
    static final int VOCAB = 13;
    static final int WIDTH = 5;
    static final int DIM = 4;
    static final int CONTEXT = 8;
    static final int SIDE = 6;
    static final float[] TOKEN_TABLE = BlockParity.gaussian(1, VOCAB * WIDTH, 1.0);
    static final float[] TEXT_PROJ = BlockParity.gaussian(2, WIDTH * DIM, 1.0);
    static final float[] VISION_PROJ = BlockParity.gaussian(3, 3 * SIDE * SIDE * DIM, 0.2);
    static final float[] MEAN = {0.4f, 0.5f, 0.6f};
    static final float[] STD = {0.2f, 0.3f, 0.25f};

    static Path tokenizer(Path dir) throws IOException {
        Path p = dir.resolve("tokenizer.json");
        try (InputStream in = OnnxClipTeacherTest.class.getResourceAsStream("tiny-clip-tokenizer.json")) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    static Path textGraph(Path dir, boolean withMask) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("tiny-clip-text");
        String ids = g.input("input_ids", ElementType.INT64, Dim.sym("batch"), Dim.of(CONTEXT));
        String x = g.gather(g.initializer("token_embedding", TOKEN_TABLE, VOCAB, WIDTH), ids, 0); // [B, L, W]
        String pooled;
        if (withMask) {
            String mask = g.unsqueeze(g.cast(g.input("attention_mask", ElementType.INT64, Dim.sym("batch"), Dim.of(CONTEXT)),
                    ElementType.FLOAT), 2); // [B, L, 1]
            String sum = g.node("ReduceSum", null, List.of(g.mul(x, mask), g.int64s(1)), Attr.i("keepdims", 0)); // [B, W]
            String count = g.node("ReduceSum", null, List.of(mask, g.int64s(1)), Attr.i("keepdims", 0)); // [B, 1]
            pooled = g.div(sum, count);
        } else {
            pooled = g.reduceMean(x, false, 1);
        }
        String out = g.identity(g.matMul(pooled, g.initializer("text_projection", TEXT_PROJ, WIDTH, DIM)), "text_embeds");
        g.output(out, ElementType.FLOAT, Dim.sym("batch"), Dim.of(DIM));
        Path p = dir.resolve(withMask ? "text.onnx" : "text-nomask.onnx");
        g.write(p, ModelMetadata.of("tiny-clip-text", "1"));
        return p;
    }

    static Path visionGraph(Path dir, int side) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("tiny-clip-vision");
        String px = g.input("pixel_values", ElementType.FLOAT, Dim.sym("batch"), Dim.of(3), Dim.of(side), Dim.of(side));
        String flat = g.reshape(px, 0, -1); // [B, 3 * S * S]
        String out = g.identity(g.matMul(flat, g.initializer("visual_projection",
                side == SIDE ? VISION_PROJ : BlockParity.gaussian(4, 3 * side * side * DIM, 0.2), 3L * side * side, DIM)),
                "image_embeds");
        g.output(out, ElementType.FLOAT, Dim.sym("batch"), Dim.of(DIM));
        Path p = dir.resolve("vision-" + side + ".onnx");
        g.write(p, ModelMetadata.of("tiny-clip-vision", "1"));
        return p;
    }

    static ClipTeacherConfig.Builder config(Path dir, boolean withMask) throws IOException {
        return ClipTeacherConfig.builder().textModel(textGraph(dir, withMask)).visionModel(visionGraph(dir, SIDE))
                .tokenizer(tokenizer(dir)).contextLength(CONTEXT).padTokenId(0).batchSize(2)
                .preprocessing(new ImagePreprocessing(SIDE, SIDE, MEAN, STD, 0xFFFFFF));
    }

    /** Plain-Java text reference: mean of the token rows over the first {@code real} positions, projected, normalised. */
    static float[] textReference(long[] ids, int real, boolean masked) {
        int positions = masked ? real : CONTEXT;
        float[] pooled = new float[WIDTH];
        for (int t = 0; t < positions; t++) {
            long id = t < ids.length ? ids[t] : 0;
            for (int w = 0; w < WIDTH; w++) {
                pooled[w] += TOKEN_TABLE[(int) id * WIDTH + w] / positions;
            }
        }
        float[] e = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            for (int w = 0; w < WIDTH; w++) {
                e[d] += pooled[w] * TEXT_PROJ[w * DIM + d];
            }
        }
        return Embeddings.normalize(e);
    }

    @Test
    void textsFollowTheTokenizerAndTheContract(@TempDir Path dir) throws IOException {
        for (boolean withMask : new boolean[] {true, false}) {
            try (OnnxClipTeacher t = OnnxClipTeacher.load(config(dir, withMask).build())) {
                // <start> a red circle <end>; Lowercase normaliser; unknown words map to <unk> = 1.
                assertArrayEquals(new long[] {2, 4, 5, 8, 3}, t.tokenIds("A red circle"));
                assertArrayEquals(new long[] {2, 11, 12, 4, 1, 9, 3}, t.tokenIds("photo of a purple square"));
                List<String> texts = List.of("A red circle", "photo of a purple square", "blue");
                float[][] e = t.embedTexts(texts);
                assertEquals(DIM, t.dimension());
                for (int i = 0; i < texts.size(); i++) {
                    long[] ids = t.tokenIds(texts.get(i));
                    new Tolerance(1e-5, 0).assertClose(textReference(ids, ids.length, withMask), e[i], "text " + i + " mask " + withMask);
                }
            }
        }
    }

    @Test
    void longTextsAreTruncatedToTheContextLength(@TempDir Path dir) throws IOException {
        try (OnnxClipTeacher t = OnnxClipTeacher.load(config(dir, true).build())) {
            String longText = "a red circle a blue square a green triangle of a photo";
            long[] ids = t.tokenIds(longText);
            assertEquals(CONTEXT, ids.length, "truncated with the end token kept");
            assertEquals(3, ids[CONTEXT - 1]);
            new Tolerance(1e-5, 0).assertClose(textReference(ids, CONTEXT, true), t.embedTexts(List.of(longText))[0], "long text");
        }
    }

    @Test
    void imagesArePreprocessedAndProjected(@TempDir Path dir) throws IOException {
        SplittableRandom r = new SplittableRandom(8);
        BufferedImage img = new BufferedImage(SIDE + 3, SIDE, BufferedImage.TYPE_INT_RGB); // crop x0 = 1
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE + 3; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        float[] expected = new float[DIM];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    int v = (img.getRGB(1 + x, y) >> (16 - 8 * c)) & 0xFF;
                    float p = (v / 255f - MEAN[c]) / STD[c];
                    int i = c * SIDE * SIDE + y * SIDE + x;
                    for (int d = 0; d < DIM; d++) {
                        expected[d] += p * VISION_PROJ[i * DIM + d];
                    }
                }
            }
        }
        try (OnnxClipTeacher t = OnnxClipTeacher.load(config(dir, true).build())) {
            float[][] e = t.embedImages(List.of(img, img, img)); // two batches of 2 and 1
            for (float[] row : e) {
                new Tolerance(1e-5, 0).assertClose(Embeddings.normalize(expected), row, "image embedding");
            }
            assertTrue(t.identity().startsWith("onnx-clip@clip-"), t.identity());
        }
    }

    @Test
    void identityChangesWithTheWeights(@TempDir Path dir) throws IOException {
        String first;
        try (OnnxClipTeacher t = OnnxClipTeacher.load(config(dir, true).build())) {
            first = t.identity();
        }
        try (OnnxClipTeacher t = OnnxClipTeacher.load(config(dir, false).build())) {
            assertNotEquals(first, t.identity());
        }
    }

    @Test
    void graphsOutsideTheContractAreRefusedWithTheReason(@TempDir Path dir) throws IOException {
        ClipTeacherConfig wrongSide = config(dir, true).visionModel(visionGraph(dir, SIDE + 2)).build();
        TeacherLoadException e = assertThrows(TeacherLoadException.class, () -> OnnxClipTeacher.load(wrongSide));
        assertTrue(e.getMessage().contains("preprocessing gives [batch, 3, 6, 6]"), e.getMessage());
        e = assertThrows(TeacherLoadException.class, () -> OnnxClipTeacher.load(config(dir, true).contextLength(9).build()));
        assertTrue(e.getMessage().contains("takes 8 tokens but contextLength is 9"), e.getMessage());
        e = assertThrows(TeacherLoadException.class, () -> OnnxClipTeacher.load(config(dir, true)
                .names("input_ids", "attention_mask", "text_embeds", "pixel_values", "pooled_output").build()));
        assertTrue(e.getMessage().contains("'pooled_output'"), e.getMessage());
        e = assertThrows(TeacherLoadException.class, () -> OnnxClipTeacher.load(config(dir, true)
                .textModel(dir.resolve("missing.onnx")).build()));
        assertTrue(e.getMessage().contains("missing.onnx"), e.getMessage());
    }
}
