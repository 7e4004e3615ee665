package org.speaktheart.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.onnx.Dim;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;
import org.speaktheart.core.testing.Tolerance;

/** The runtime wrapper: results, input checks, load errors, execution providers, concurrency. */
class OnnxModelTest {

    private static final float[] W = {1, 2, 3, -1, 0.5f, 0.25f}; // [3, 2]
    private static byte[] modelBytes;
    private static OnnxModel model;

    /** y = x W + b over x [batch, 3] float, plus ids [batch] int64 passed through as ids + 1. */
    static byte[] buildModel() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("test");
        String x = g.input("x", ElementType.FLOAT, Dim.sym("batch"), Dim.of(3));
        String ids = g.input("ids", ElementType.INT64, Dim.sym("batch"));
        String y = g.add(g.matMul(x, g.initializer("w", W, 3, 2)), g.initializer("b", new float[] {0.5f, -0.5f}, 2));
        g.output(g.identity(y, "y"), ElementType.FLOAT, Dim.sym("batch"), Dim.of(2));
        g.output(g.identity(g.add(ids, g.int64s(1)), "next"), ElementType.INT64, Dim.sym("batch"));
        return g.build(ModelMetadata.of("test-affine", "1").with("dataset", "none")).toByteArray();
    }

    @BeforeAll
    static void load() {
        modelBytes = buildModel();
        model = OnnxModel.load(modelBytes, RuntimeConfig.defaults(), "test-affine");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static Map<String, Tensor> feeds(float[] x, long[] ids) {
        return Map.of("x", Tensor.ofFloats(x, ids.length, 3), "ids", Tensor.ofLongs(ids, ids.length));
    }

    @Test
    void computesTheGraph() {
        Map<String, Tensor> out = model.run(feeds(new float[] {1, 0, 0, 0, 1, 2}, new long[] {4, 9}));
        // row 1: [1,0,0]W + b = [1,2] + [0.5,-0.5]; row 2: [0,1,2]W = [3 + 1, -1 + 0.5] = [4, -0.5] + b
        Tolerance.FLOAT.assertClose(new float[] {1.5f, 1.5f, 4.5f, -1.0f}, out.get("y").floats(), "y");
        assertArrayEquals(new long[] {5, 10}, out.get("next").longs());
        assertEquals("test-affine", model.customMetadata().get(ModelMetadata.KEY_NAME));
        assertEquals("none", model.customMetadata().get("dataset"));
        assertEquals(ExecutionProvider.CPU, model.provider());
        assertEquals(List.of("x", "ids"), List.copyOf(model.inputs().keySet()));
        assertEquals("[batch, 3]", model.inputs().get("x").describeShape());
    }

    private static void assertArrayEquals(long[] expected, long[] actual) {
        assertTrue(Arrays.equals(expected, actual), Arrays.toString(expected) + " != " + Arrays.toString(actual));
    }

    @Test
    void selectedOutputsOnly() {
        Map<String, Tensor> out = model.run(feeds(new float[3], new long[] {1}), List.of("next"));
        assertEquals(List.of("next"), List.copyOf(out.keySet()));
        ModelInputException e = assertThrows(ModelInputException.class,
                () -> model.run(feeds(new float[3], new long[] {1}), List.of("z")));
        assertTrue(e.getMessage().contains("no output 'z'"), e.getMessage());
    }

    @Test
    void missingInputIsNamed() {
        ModelInputException e = assertThrows(ModelInputException.class,
                () -> model.run(Map.of("x", Tensor.ofFloats(new float[3], 1, 3))));
        assertTrue(e.getMessage().contains("[ids]"), e.getMessage());
    }

    @Test
    void unknownInputIsNamed() {
        Map<String, Tensor> f = new java.util.HashMap<>(feeds(new float[3], new long[] {1}));
        f.put("extra", Tensor.ofFloats(new float[1], 1));
        ModelInputException e = assertThrows(ModelInputException.class, () -> model.run(f));
        assertTrue(e.getMessage().contains("no input named 'extra'"), e.getMessage());
    }

    @Test
    void wrongRankIsNamed() {
        ModelInputException e = assertThrows(ModelInputException.class, () -> model.run(
                Map.of("x", Tensor.ofFloats(new float[3], 3), "ids", Tensor.ofLongs(new long[] {1}, 1))));
        assertTrue(e.getMessage().contains("'x' has rank 1") && e.getMessage().contains("expects rank 2 [batch, 3]"),
                e.getMessage());
    }

    @Test
    void wrongFixedDimensionIsNamed() {
        ModelInputException e = assertThrows(ModelInputException.class, () -> model.run(
                Map.of("x", Tensor.ofFloats(new float[4], 1, 4), "ids", Tensor.ofLongs(new long[] {1}, 1))));
        assertTrue(e.getMessage().contains("size 4 in dimension 1") && e.getMessage().contains("expects 3"),
                e.getMessage());
    }

    @Test
    void wrongElementTypeIsNamed() {
        ModelInputException e = assertThrows(ModelInputException.class, () -> model.run(
                Map.of("x", Tensor.ofFloats(new float[3], 1, 3), "ids", Tensor.ofInts(new int[] {1}, 1))));
        assertTrue(e.getMessage().contains("'ids' has element type INT32") && e.getMessage().contains("INT64"),
                e.getMessage());
    }

    @Test
    void corruptTruncatedEmptyAndMissingFilesAreRefused(@TempDir Path dir) throws Exception {
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(modelBytes, modelBytes.length / 2));
        ModelLoadException e1 = assertThrows(ModelLoadException.class,
                () -> OnnxModel.load(truncated, RuntimeConfig.defaults()));
        assertTrue(e1.getMessage().contains("truncated.onnx") && e1.getMessage().contains("could not be loaded"),
                e1.getMessage());

        byte[] corrupt = modelBytes.clone();
        for (int i = 0; i < corrupt.length; i += 7) {
            corrupt[i] = (byte) 0xFF;
        }
        assertThrows(ModelLoadException.class, () -> OnnxModel.load(corrupt, RuntimeConfig.defaults(), "corrupt"));

        ModelLoadException e3 = assertThrows(ModelLoadException.class,
                () -> OnnxModel.load(new byte[0], RuntimeConfig.defaults(), "empty"));
        assertTrue(e3.getMessage().contains("empty"), e3.getMessage());

        ModelLoadException e4 = assertThrows(ModelLoadException.class,
                () -> OnnxModel.load(dir.resolve("absent.onnx"), RuntimeConfig.defaults()));
        assertTrue(e4.getMessage().contains("not found"), e4.getMessage());

        ModelLoadException e5 = assertThrows(ModelLoadException.class,
                () -> OnnxModel.loadResource(OnnxModelTest.class, "/no/such/model.onnx", RuntimeConfig.defaults()));
        assertTrue(e5.getMessage().contains("/no/such/model.onnx"), e5.getMessage());
    }

    @Test
    void loadsFromAFile(@TempDir Path dir) {
        Path file = dir.resolve("m.onnx");
        org.speaktheart.core.io.AtomicFiles.write(file, modelBytes);
        try (OnnxModel m = OnnxModel.load(file, RuntimeConfig.builder().intraOpThreads(1).build())) {
            Tolerance.FLOAT.assertClose(new float[] {0.5f, -0.5f},
                    m.run(feeds(new float[3], new long[] {0})).get("y").floats(), "zero input gives the bias");
        }
    }

    @Test
    void cudaOnAMachineWithoutItFailsClearly() {
        RuntimeConfig cuda = RuntimeConfig.builder().provider(ExecutionProvider.CUDA).build();
        ExecutionProviderUnavailableException e = assertThrows(ExecutionProviderUnavailableException.class,
                () -> OnnxModel.load(modelBytes, cuda, "cuda-test"));
        assertTrue(e.getMessage().contains("CUDA"), e.getMessage());
    }

    @Test
    void cudaFallsBackToCpuWhenAllowed() {
        RuntimeConfig cuda = RuntimeConfig.builder().provider(ExecutionProvider.CUDA).allowCpuFallback(true).build();
        try (OnnxModel m = OnnxModel.load(modelBytes, cuda, "cuda-fallback")) {
            assertEquals(ExecutionProvider.CPU, m.provider());
            Tolerance.FLOAT.assertClose(new float[] {1.5f, 1.5f},
                    m.run(feeds(new float[] {1, 0, 0}, new long[] {0})).get("y").floats(), "fallback computes");
        }
    }

    @Test
    void concurrentRunsAgree() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                final int seed = task;
                results.add(pool.submit(() -> {
                    for (int call = 0; call < 50; call++) {
                        float v = seed + call;
                        float[] y = model.run(feeds(new float[] {v, 0, 0}, new long[] {call})).get("y").floats();
                        if (Math.abs(y[0] - (v + 0.5f)) > 1e-4 || Math.abs(y[1] - (2 * v - 0.5f)) > 1e-4) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closedModelRefusesToRun() {
        OnnxModel m = OnnxModel.load(modelBytes, RuntimeConfig.defaults(), "closing");
        m.close();
        m.close(); // idempotent
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> m.run(feeds(new float[3], new long[] {1})));
        assertTrue(e.getMessage().contains("closed"));
        assertFalse(m.toString().isEmpty());
    }

    @Test
    void configValidationNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RuntimeConfig.builder().intraOpThreads(-1).build());
        assertTrue(e.getMessage().contains("intraOpThreads=-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RuntimeConfig.builder().deviceId(-2).build());
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofFloats(new float[5], 2, 3));
    }
}
