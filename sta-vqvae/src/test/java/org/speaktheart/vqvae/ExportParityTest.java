package org.speaktheart.vqvae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;
import org.speaktheart.core.testing.BlockParity;
import org.speaktheart.core.testing.Tolerance;

/** DJL vs ONNX Runtime on the same weights: encoder and decoder networks, quantizer ids, tokenizer round trip. */
class ExportParityTest {
    private static final RuntimeConfig CPU1 = RuntimeConfig.builder().intraOpThreads(1).build();

    @TempDir
    Path dir;

    @Test
    void encoderNetworkMatches() {
        VqVaeConfig c = Fixtures.tinyConfig();
        BlockParity.Result r = BlockParity.run(new VqEncoder(c), 11,
                Tensor.ofFloats(BlockParity.gaussian(1, 2 * 3 * 16 * 16, 1.0), 2, 3, 16, 16));
        assertTrue(maxAbs(r.djl()) > 0.1, "encoder output is trivially small");
        Tolerance.PARITY.assertClose(r.djl(), r.onnx(), "encoder latent");
    }

    @Test
    void decoderNetworkMatches() {
        VqVaeConfig c = Fixtures.tinyConfig();
        BlockParity.Result r = BlockParity.run(new VqDecoder(c), 12,
                Tensor.ofFloats(BlockParity.gaussian(2, 2 * 4 * 8 * 8, 1.0), 2, 4, 8, 8));
        assertTrue(maxAbs(r.djl()) > 0.1, "decoder output is trivially small");
        Tolerance.PARITY.assertClose(r.djl(), r.onnx(), "decoder image");
    }

    @Test
    void exportedEncoderIdsAndDecoderImagesMatchDjl() {
        checkFullExport(Fixtures.tinyConfig(), 21);
    }

    @Test
    void l2NormalizedCodesExportToo() {
        checkFullExport(Fixtures.tinyConfig().toBuilder().l2NormalizedCodes(true).pixelRange(PixelRange.ZERO_ONE).build(), 22);
    }

    private void checkFullExport(VqVaeConfig c, long seed) {
        int batch = 3;
        int s = c.imageSize();
        int t = c.tokenSide();
        float[] images = BlockParity.gaussian(seed, batch * 3 * s * s, 0.6);
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            VqVae model = Fixtures.model(c, m, seed);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.create(images, new Shape(batch, 3, s, s));
            NDList out = model.forward(ps, new NDList(x), false);
            long[] djlIds = out.get(1).toLongArray();
            float[] flat = out.get(4).toFloatArray();
            float[] codes = model.quantizer().effectiveCodebook();

            // Brute-force reference: nearest code by squared distance, and the margin to the runner-up.
            int d = c.codeDim();
            int k = c.codebookSize();
            int nearTies = 0;
            boolean[] clear = new boolean[djlIds.length];
            for (int r = 0; r < djlIds.length; r++) {
                double best = Double.MAX_VALUE;
                double second = Double.MAX_VALUE;
                int arg = -1;
                for (int i = 0; i < k; i++) {
                    double dist = 0;
                    for (int j = 0; j < d; j++) {
                        double diff = flat[r * d + j] - codes[i * d + j];
                        dist += diff * diff;
                    }
                    if (dist < best) {
                        second = best;
                        best = dist;
                        arg = i;
                    } else if (dist < second) {
                        second = dist;
                    }
                }
                clear[r] = second - best > 1e-3;
                if (clear[r]) {
                    assertEquals(arg, djlIds[r], "DJL id at " + r + " vs brute force");
                } else {
                    nearTies++;
                }
            }
            assertTrue(nearTies <= djlIds.length / 20, nearTies + " of " + djlIds.length + " positions are near ties");

            VqVaeExporter.export(model, dir, Map.of("dataset", "test-gaussian", "seed", Long.toString(seed)));
            long[] onnxIds;
            try (OnnxModel enc = OnnxModel.load(dir.resolve(VqVaeExporter.ENCODER_FILE), CPU1)) {
                onnxIds = enc.run(Map.of(TokenizerContract.ENCODER_INPUT, Tensor.ofFloats(images, batch, 3, s, s)))
                        .get(TokenizerContract.ENCODER_OUTPUT).longs();
                ModelMetadata meta = ModelMetadata.fromProps(enc.customMetadata());
                assertEquals(c, VqVaeConfig.fromJson(meta.configJson()));
                assertEquals("test-gaussian", meta.properties().get("dataset"));
                assertEquals(Integer.toString(c.codebookSize()), meta.properties().get(TokenizerContract.KEY_CODEBOOK_SIZE));
            }
            assertEquals(batch * t * t, onnxIds.length);
            int distinct = 0;
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (int r = 0; r < onnxIds.length; r++) {
                if (clear[r]) {
                    assertEquals(djlIds[r], onnxIds[r], "ONNX id at " + r);
                }
                if (seen.add(onnxIds[r])) {
                    distinct++;
                }
            }
            assertTrue(distinct >= 3, "only " + distinct + " distinct ids: the id comparison would be weak");

            // Decoder: DJL lookup + decoder vs the exported decoder graph, on the DJL ids.
            NDArray idArray = m.create(djlIds, new Shape(batch, t, t));
            float[] djlImages = model.decodeIds(ps, idArray).toFloatArray();
            float[] onnxImages;
            try (OnnxModel dec = OnnxModel.load(dir.resolve(VqVaeExporter.DECODER_FILE), CPU1)) {
                onnxImages = dec.run(Map.of(TokenizerContract.DECODER_INPUT, Tensor.ofLongs(djlIds, batch, t, t)))
                        .get(TokenizerContract.DECODER_OUTPUT).floats();
            }
            assertTrue(maxAbs(djlImages) > 0.1, "decoded images are trivially small");
            Tolerance.PARITY.assertClose(djlImages, onnxImages, "decoder graph vs DJL");
            // The forward pass reconstruction is the decode of its own ids.
            Tolerance.PARITY.assertClose(out.get(0).toFloatArray(), djlImages, "forward reconstruction vs decodeIds");
        }
    }

    @Test
    void tokenizerRoundTripMatchesTheGraphs() {
        VqVaeConfig c = Fixtures.tinyConfig();
        List<BufferedImage> images = Fixtures.images(4, c.imageSize(), 5);
        int t = c.tokenSide();
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            VqVae model = Fixtures.model(c, m, 31);
            VqVaeExporter.export(model, dir, Map.of());
            float[] pixels = ImageTensors.toTensor(images, c.imageSize(), c.pixelRange());
            try (ImageTokenizer tok = ImageTokenizer.open(dir.resolve(VqVaeExporter.ENCODER_FILE),
                    dir.resolve(VqVaeExporter.DECODER_FILE), CPU1);
                 OnnxModel enc = OnnxModel.load(dir.resolve(VqVaeExporter.ENCODER_FILE), CPU1)) {
                long[] raw = enc.run(Map.of("image", Tensor.ofFloats(pixels, 4, 3, 16, 16))).get("tokens").longs();
                List<TokenGrid> grids = tok.encodeAll(images);
                for (int b = 0; b < 4; b++) {
                    assertEquals(grids.get(b), tok.encode(images.get(b)), "single vs batched encode");
                    for (int i = 0; i < t * t; i++) {
                        assertEquals(raw[b * t * t + i], grids.get(b).ids()[i]);
                    }
                }
                // decode vs DJL decode of the same ids, compared in 8-bit pixels.
                long[] ids = new long[raw.length];
                System.arraycopy(raw, 0, ids, 0, raw.length);
                float[] djl = model.decodeIds(new ParameterStore(m, false), m.create(ids, new Shape(4, t, t))).toFloatArray();
                List<BufferedImage> expected = ImageTensors.fromTensor(djl, 4, c.imageSize(), c.pixelRange());
                List<BufferedImage> decoded = tok.decodeAll(grids);
                for (int b = 0; b < 4; b++) {
                    assertTrue(ImageMetrics.psnr(expected.get(b), decoded.get(b)) > 45, "decoded image " + b);
                    assertTrue(ImageMetrics.psnr(expected.get(b), tok.decode(grids.get(b))) > 45, "single decode " + b);
                }
                VqVaeException e = assertThrows(VqVaeException.class,
                        () -> tok.encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB)));
                assertTrue(e.getMessage().contains("8x8"), e.getMessage());
                e = assertThrows(VqVaeException.class, () -> tok.decode(new TokenGrid(2, 2, new int[4], 16)));
                assertTrue(e.getMessage().contains("accepted: 8x8"), e.getMessage());
            }
        }
    }

    @Test
    void swappedGraphsAreRejectedAtOpen() {
        VqVaeConfig c = Fixtures.tinyConfig();
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            VqVaeExporter.export(Fixtures.model(c, m, 41), dir, Map.of());
        }
        VqVaeException e = assertThrows(VqVaeException.class, () -> ImageTokenizer.open(
                dir.resolve(VqVaeExporter.DECODER_FILE), dir.resolve(VqVaeExporter.ENCODER_FILE), CPU1));
        assertTrue(e.getMessage().contains("tokenizer"), e.getMessage());
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
