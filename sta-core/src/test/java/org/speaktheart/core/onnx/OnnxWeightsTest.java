package org.speaktheart.core.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.nn.Linear;

/** Weights read back from an exported graph into a fresh block, and the refusals. */
class OnnxWeightsTest {
    @TempDir
    Path dir;

    private static Linear linear(NDManager m, int in, int out, int seed) {
        Engine.getEngine("PyTorch").setRandomSeed(seed);
        Linear l = new Linear(in, out);
        l.initialize(m, DataType.FLOAT32, new Shape(1, in));
        return l;
    }

    /** The graph an export of {@code l} gives, with an input and an output so that it builds. */
    private static OnnxGraphBuilder graphOf(Linear l, int in) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("t");
        String x = g.input("x", ElementType.FLOAT, Dim.sym("b"), Dim.of(in));
        g.output(g.identity(l.toOnnx(g, "head", x), "y"), ElementType.FLOAT, Dim.sym("b"), Dim.sym("o"));
        return g;
    }

    private Path write(OnnxMl.ModelProto model) throws Exception {
        Path f = dir.resolve("m" + System.nanoTime() + ".onnx");
        Files.write(f, model.toByteArray());
        return f;
    }

    private static OnnxMl.ModelProto model(OnnxGraphBuilder g) {
        return g.build(new ModelMetadata("t", "1", "{}", Map.of("sta.note", "kept")));
    }

    @Test
    void weightsComeBackExactlyIntoAFreshBlockByTheirExportNames() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Linear trained = linear(m, 3, 4, 1);
            Path file = write(model(graphOf(trained, 3)));
            Map<String, OnnxWeights.Tensor> weights = OnnxWeights.read(file).tensors();
            assertEquals(List.of("head.weight", "head.bias"), List.copyOf(weights.keySet()));
            assertEquals("kept", OnnxWeights.read(file).metadata().get("sta.note"), "metadata read too");

            Linear fresh = linear(m, 3, 4, 2);
            assertFalse(java.util.Arrays.equals(trained.getParameters().valueAt(0).getArray().toFloatArray(),
                    fresh.getParameters().valueAt(0).getArray().toFloatArray()), "different seeds, different weights");
            List<String> left = OnnxWeights.copyInto(fresh, graphOf(fresh, 3), weights, file.toString());
            assertTrue(left.isEmpty(), "every parameter is exported: " + left);
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(trained.getParameters().valueAt(i).getArray().toFloatArray(),
                        fresh.getParameters().valueAt(i).getArray().toFloatArray(), 0f);
            }
            // the same graph re-exported from the loaded block is the same file
            assertArrayEquals(model(graphOf(trained, 3)).toByteArray(), model(graphOf(fresh, 3)).toByteArray());
        }
    }

    @Test
    void valuesStoredAsFloatDataReadLikeRawData() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Linear trained = linear(m, 2, 3, 5);
            OnnxMl.ModelProto raw = model(graphOf(trained, 2));
            OnnxMl.ModelProto.Builder b = raw.toBuilder();
            OnnxMl.GraphProto.Builder gb = b.getGraphBuilder();
            for (int i = 0; i < gb.getInitializerCount(); i++) {
                OnnxMl.TensorProto t = gb.getInitializer(i);
                if (t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
                    java.nio.FloatBuffer fb = t.getRawData().asReadOnlyByteBuffer()
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                    OnnxMl.TensorProto.Builder tb = t.toBuilder().clearRawData();
                    while (fb.hasRemaining()) {
                        tb.addFloatData(fb.get());
                    }
                    gb.setInitializer(i, tb);
                }
            }
            Map<String, OnnxWeights.Tensor> a = OnnxWeights.read(write(raw)).tensors();
            Map<String, OnnxWeights.Tensor> c = OnnxWeights.read(write(b.build())).tensors();
            assertEquals(a.keySet(), c.keySet());
            for (String k : a.keySet()) {
                assertArrayEquals(a.get(k).values(), c.get(k).values(), 0f, k);
                assertArrayEquals(a.get(k).shape(), c.get(k).shape(), k);
            }
            assertArrayEquals(trained.getParameters().get("weight").getArray().toFloatArray(), a.get("head.weight").values(), 0f);
        }
    }

    @Test
    void aFileOfAnotherShapeOrWithoutAWeightIsRefusedAndTheBlockKeptAsItWas() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Path small = write(model(graphOf(linear(m, 3, 4, 1), 3)));
            Linear wider = linear(m, 3, 5, 2);
            float[] before = wider.getParameters().get("weight").getArray().toFloatArray();
            var e = assertThrows(OnnxImportException.class,
                    () -> OnnxWeights.copyInto(wider, graphOf(wider, 3), OnnxWeights.read(small).tensors(), "small.onnx"));
            assertTrue(e.getMessage().contains("head.weight") && e.getMessage().contains("[3, 4]")
                    && e.getMessage().contains("another configuration"), e.getMessage());
            assertArrayEquals(before, wider.getParameters().get("weight").getArray().toFloatArray(), 0f);

            OnnxMl.ModelProto.Builder b = model(graphOf(linear(m, 3, 5, 1), 3)).toBuilder();
            b.getGraphBuilder().removeInitializer(1); // head.bias
            Path noBias = write(b.build());
            float[] biasBefore = wider.getParameters().get("bias").getArray().toFloatArray();
            e = assertThrows(OnnxImportException.class,
                    () -> OnnxWeights.copyInto(wider, graphOf(wider, 3), OnnxWeights.read(noBias).tensors(), "no-bias.onnx"));
            assertTrue(e.getMessage().contains("no initializer 'head.bias'"), e.getMessage());
            // checked before anything is copied: the weight that did match is not half-loaded either
            assertArrayEquals(before, wider.getParameters().get("weight").getArray().toFloatArray(), 0f);
            assertArrayEquals(biasBefore, wider.getParameters().get("bias").getArray().toFloatArray(), 0f);
        }
    }

    @Test
    void parametersTheExportDoesNotWriteAreReportedAndUnreadableFilesRefused() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Linear l = linear(m, 3, 4, 1);
            Path file = write(model(graphOf(l, 3)));
            // a graph that exported nothing of this block: both parameters are left and reported
            OnnxGraphBuilder empty = new OnnxGraphBuilder("e");
            assertEquals(List.of("weight", "bias"), OnnxWeights.copyInto(l, empty, OnnxWeights.read(file).tensors(), "f"));

            Path garbage = dir.resolve("garbage.onnx");
            Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7});
            var e = assertThrows(OnnxImportException.class, () -> OnnxWeights.read(garbage));
            assertTrue(e.getMessage().contains("garbage.onnx"), e.getMessage());
            e = assertThrows(OnnxImportException.class, () -> OnnxWeights.read(dir.resolve("absent.onnx")));
            assertTrue(e.getMessage().contains("absent.onnx"), e.getMessage());
        }
    }
}
