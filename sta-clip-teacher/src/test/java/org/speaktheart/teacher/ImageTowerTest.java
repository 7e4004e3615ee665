package org.speaktheart.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;
import org.speaktheart.core.testing.BlockParity;
import org.speaktheart.core.testing.Tolerance;

class ImageTowerTest {
    static final ImageTowerConfig TINY = ImageTowerConfig.builder().imageSize(16).baseChannels(4).channelMultipliers(1, 2, 2)
            .groups(2).embeddingDim(6).build();

    @Test
    void towerParityDjlVersusOnnx() {
        BlockParity.Result r = BlockParity.run(new ImageTower(TINY), 11,
                Tensor.ofFloats(BlockParity.gaussian(12, 2 * 3 * 16 * 16, 1.0), 2, 3, 16, 16));
        assertEquals(2 * 6, r.djl().length);
        assertTrue(r.maxAbsDiff() <= 1e-4, "max abs diff " + r.maxAbsDiff());
        // Rows are unit length and the two images differ.
        double n0 = 0;
        double diff = 0;
        for (int d = 0; d < 6; d++) {
            n0 += r.djl()[d] * r.djl()[d];
            diff += Math.abs(r.djl()[d] - r.djl()[6 + d]);
        }
        assertEquals(1.0, n0, 1e-5);
        assertTrue(diff > 1e-3, "two different images gave the same embedding");
    }

    @Test
    void l2NormalizeParity() {
        BlockParity.Result r = BlockParity.run(new L2Normalize(), 2,
                Tensor.ofFloats(BlockParity.gaussian(3, 3 * 5, 2.0), 3, 5));
        assertTrue(r.maxAbsDiff() <= 1e-6, "max abs diff " + r.maxAbsDiff());
        float[] in = BlockParity.gaussian(3, 3 * 5, 2.0);
        float[] row = java.util.Arrays.copyOfRange(in, 5, 10);
        new Tolerance(1e-6, 0).assertClose(Embeddings.normalize(row), java.util.Arrays.copyOfRange(r.djl(), 5, 10), "row 1");
    }

    @Test
    void exportCarriesTheContractAndProvenanceAndMatchesDjl(@TempDir Path dir) {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            ContrastiveImageModel model = new ContrastiveImageModel(TINY);
            Engine.getEngine("PyTorch").setRandomSeed(3);
            model.initialize(m, DataType.FLOAT32, new Shape(2, 3, 16, 16));
            BlockParity.randomizeParameters(model.tower(), 5);
            assertEquals(1 / 0.07, model.scale(), 1e-4, "CLIP's initial temperature");
            TrainedImageTower tower = new TrainedImageTower(m, model, false);
            Path file = dir.resolve("tower.onnx");
            tower.export(file, "text@x", Map.of("sta.data", "unit-test"));
            float[] px = BlockParity.gaussian(9, 3 * 3 * 16 * 16, 1.0);
            float[][] rows = new float[3][];
            for (int i = 0; i < 3; i++) {
                rows[i] = java.util.Arrays.copyOfRange(px, i * 768, (i + 1) * 768);
            }
            float[][] djl = tower.embed(rows, 2);
            try (OnnxModel onnx = OnnxModel.load(file, RuntimeConfig.defaults())) {
                ModelMetadata meta = ModelMetadata.fromProps(onnx.customMetadata());
                assertEquals(ImageTowerExport.MODEL_NAME, meta.name());
                assertEquals("1", meta.version());
                assertEquals(TINY, ImageTowerConfig.fromJson(meta.configJson()));
                assertEquals("text@x", meta.properties().get(ImageTowerExport.KEY_TEXT_TOWER));
                assertEquals("unit-test", meta.properties().get("sta.data"));
                float[] out = onnx.run(Map.of(ImageTowerExport.PIXEL_VALUES, Tensor.ofFloats(px, 3, 3, 16, 16)))
                        .get(ImageTowerExport.IMAGE_EMBEDS).floats();
                for (int i = 0; i < 3; i++) {
                    Tolerance.PARITY.assertClose(djl[i], java.util.Arrays.copyOfRange(out, i * 6, (i + 1) * 6), "row " + i);
                }
            }
            // the tower alone: the contract's metadata read back, unit rows equal to DJL's in batches of 2
            try (OnnxImageTower alone = OnnxImageTower.load(file, RuntimeConfig.defaults(), 2)) {
                assertEquals(6, alone.dimension());
                assertEquals("text@x", alone.textTower());
                assertEquals(TINY, alone.config());
                assertEquals(Embeddings.sha256(file), alone.sha256());
                float[][] rowsOut = alone.embedPixels(px, 3);
                for (int i = 0; i < 3; i++) {
                    Tolerance.PARITY.assertClose(djl[i], rowsOut[i], "tower alone, row " + i);
                }
            }
            assertThrows(TeacherInputException.class, () -> OnnxImageTower.load(file, RuntimeConfig.defaults(), 0));
            Path notATower = dir.resolve("not-a-tower.onnx");
            try {
                java.nio.file.Files.writeString(notATower, "not an onnx model");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            TeacherLoadException refused = assertThrows(TeacherLoadException.class,
                    () -> OnnxImageTower.load(notATower, RuntimeConfig.defaults(), 2));
            assertTrue(refused.getMessage().contains("cannot load image tower"), refused.getMessage());
        }
    }

    @Test
    void configValidationNamesTheField() {
        TeacherInputException e = assertThrows(TeacherInputException.class,
                () -> ImageTowerConfig.builder().imageSize(18).channelMultipliers(1, 2, 2).build());
        assertTrue(e.getMessage().contains("imageSize"), e.getMessage());
        e = assertThrows(TeacherInputException.class, () -> ImageTowerConfig.builder().baseChannels(6).groups(4).build());
        assertTrue(e.getMessage().contains("groups"), e.getMessage());
    }
}
