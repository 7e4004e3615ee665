package org.speaktheart.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;
import org.speaktheart.core.testing.Tolerance;

/** Graph builder: operator results against plain Java, naming rules, metadata and atomic writes. */
class OnnxGraphBuilderTest {

    private static float[] run(OnnxGraphBuilder g, String out, float[] x, long... shape) {
        g.output(g.identity(out, "out"), ElementType.FLOAT);
        try (OnnxModel m = OnnxModel.load(g.build(ModelMetadata.of("t", "1")).toByteArray(), RuntimeConfig.defaults(), "t")) {
            return m.run(Map.of("x", Tensor.ofFloats(x, shape))).get("out").floats();
        }
    }

    @Test
    void geluAndSiluMatchTheirFormulas() {
        float[] x = {-3f, -1f, -0.1f, 0f, 0.5f, 2f, 4f};
        OnnxGraphBuilder g = new OnnxGraphBuilder("act");
        String in = g.input("x", ElementType.FLOAT, Dim.of(7));
        float[] gelu = run(g, g.gelu(in), x, 7);
        OnnxGraphBuilder g2 = new OnnxGraphBuilder("act2");
        float[] silu = run(g2, g2.silu(g2.input("x", ElementType.FLOAT, Dim.of(7))), x, 7);
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            double expectedGelu = 0.5 * xi * (1 + erfOfScaled(xi));
            Tolerance.FLOAT.assertClose(expectedGelu, gelu[i], "gelu(" + xi + ")");
            Tolerance.FLOAT.assertClose(xi / (1 + Math.exp(-xi)), silu[i], "silu(" + xi + ")");
        }
    }

    /** erf(x / sqrt 2) by its Maclaurin series in double precision (converges well for |x| up to 4). */
    private static double erfOfScaled(double x) {
        double z = x / Math.sqrt(2);
        double sum = 0;
        double term = z;
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    @Test
    void layerNormAndReductions() {
        float[] x = {1, 2, 3, 4, -1, 0, 1, 10};
        OnnxGraphBuilder g = new OnnxGraphBuilder("ln");
        String in = g.input("x", ElementType.FLOAT, Dim.of(2), Dim.of(4));
        String out = g.layerNorm(in, g.initializer("s", new float[] {1, 2, 1, 1}, 4), g.initializer("b", new float[4], 4), 1e-5f);
        float[] y = run(g, out, x, 2, 4);
        for (int r = 0; r < 2; r++) {
            double mean = 0;
            double var = 0;
            for (int c = 0; c < 4; c++) {
                mean += x[r * 4 + c] / 4.0;
            }
            for (int c = 0; c < 4; c++) {
                var += Math.pow(x[r * 4 + c] - mean, 2) / 4.0;
            }
            for (int c = 0; c < 4; c++) {
                double scale = c == 1 ? 2 : 1;
                Tolerance.FLOAT.assertClose((x[r * 4 + c] - mean) / Math.sqrt(var + 1e-5) * scale, y[r * 4 + c], "ln");
            }
        }
    }

    @Test
    void namesAreUniqueAndClashesAreRefused() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("names");
        String a = g.initializer("w", new float[] {1}, 1);
        String b = g.initializer("w", new float[] {2}, 1);
        assertNotEquals(a, b);
        assertEquals(g.int64s(1, 2), g.int64s(1, 2), "identical constants are shared");
        assertThrows(OnnxExportException.class, () -> g.input("w", ElementType.FLOAT, Dim.of(1)));
        OnnxExportException unknown = assertThrows(OnnxExportException.class, () -> g.add("nope", a));
        assertTrue(unknown.getMessage().contains("unknown value 'nope'"));
        OnnxExportException noOut = assertThrows(OnnxExportException.class, () -> g.build(ModelMetadata.of("x", "1")));
        assertTrue(noOut.getMessage().contains("no outputs"));
        OnnxExportException badShape = assertThrows(OnnxExportException.class,
                () -> g.initializer("bad", new float[3], 2, 2));
        assertTrue(badShape.getMessage().contains("holds 4 values but 3"));
        assertThrows(OnnxExportException.class, () -> new OnnxGraphBuilder("old", 13));
    }

    @Test
    void metadataSurvivesTheFileRoundTrip(@TempDir Path dir) throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("meta");
        g.output(g.identity(g.input("x", ElementType.FLOAT, Dim.sym("n")), "y"), ElementType.FLOAT, Dim.sym("n"));
        ModelMetadata meta = ModelMetadata.of("sta-test", "3").withConfig("{\"width\":8}")
                .with("dataset", "shapes-v1").with("teacher", "locked-text-minilm").with("code", "0.1.0");
        Path file = dir.resolve("sub/model.onnx");
        g.write(file, meta);
        OnnxMl.ModelProto back = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
        assertEquals(meta, OnnxGraphBuilder.metadataOf(back));
        assertEquals(OnnxGraphBuilder.DEFAULT_OPSET, back.getOpsetImport(0).getVersion());
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
        try (OnnxModel m = OnnxModel.load(file, RuntimeConfig.defaults())) {
            assertEquals("{\"width\":8}", m.customMetadata().get(ModelMetadata.KEY_CONFIG));
            assertEquals("shapes-v1", m.customMetadata().get("dataset"));
        }
        assertThrows(IllegalArgumentException.class, () -> meta.with(ModelMetadata.KEY_NAME, "x"));
    }

    @Test
    void opset18ReduceMeanTakesAxesAsInput() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("r18", 18);
        String in = g.input("x", ElementType.FLOAT, Dim.of(2), Dim.of(3));
        float[] y = run(g, g.reduceMean(in, false, 1), new float[] {1, 2, 3, 4, 5, 9}, 2, 3);
        Tolerance.FLOAT.assertClose(new float[] {2, 6}, y, "row means");
    }
}
