package org.speaktheart.pipeline.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;
import org.speaktheart.core.runtime.ModelLoadException;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.pipeline.PipelineInputException;

/** The caption prior's ONNX graph against a plain-Java softmax-weighted mean, its limits, and refusals. */
class CaptionPriorTest {
    @TempDir
    Path dir;

    private static float[] unit(SplittableRandom r, int d) {
        float[] v = new float[d];
        double n = 0;
        for (int i = 0; i < d; i++) {
            v[i] = (float) r.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < d; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }

    /** normalize(sum_k softmax_k(s . t_k / tau) t_k) in doubles. */
    private static double[] reference(float[][] memory, float[] s, double tau) {
        double[] scores = new double[memory.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < memory.length; k++) {
            for (int i = 0; i < s.length; i++) {
                scores[k] += (double) s[i] * memory[k][i];
            }
            max = Math.max(max, scores[k] / tau);
        }
        double z = 0;
        double[] c = new double[s.length];
        for (int k = 0; k < memory.length; k++) {
            double w = Math.exp(scores[k] / tau - max);
            z += w;
            for (int i = 0; i < s.length; i++) {
                c[i] += w * memory[k][i];
            }
        }
        double n = 0;
        for (int i = 0; i < c.length; i++) {
            c[i] /= z;
            n += c[i] * c[i];
        }
        for (int i = 0; i < c.length; i++) {
            c[i] /= Math.sqrt(n);
        }
        return c;
    }

    private CaptionPrior write(float[][] memory, double tau) throws Exception {
        Path file = dir.resolve("prior-" + tau + ".onnx");
        Files.write(file, CaptionPrior.export(memory, tau, Map.of("sta.prior.source", "test")));
        return CaptionPrior.load(file, RuntimeConfig.defaults());
    }

    @Test
    void matchesTheSoftmaxWeightedMeanOfTheMemory() throws Exception {
        SplittableRandom r = new SplittableRandom(8);
        float[][] memory = new float[50][];
        for (int k = 0; k < memory.length; k++) {
            memory[k] = unit(r, 24);
        }
        for (double tau : new double[] {0.02, 0.1, 1.0}) {
            try (CaptionPrior prior = write(memory, tau)) {
                assertEquals(24, prior.dim());
                assertEquals(50, prior.captions());
                assertEquals(tau, prior.temperature(), 0);
                for (int q = 0; q < 5; q++) {
                    float[] s = unit(r, 24);
                    float[] c = prior.apply(s);
                    double[] want = reference(memory, s, tau);
                    double maxDiff = 0;
                    double norm = 0;
                    for (int i = 0; i < c.length; i++) {
                        maxDiff = Math.max(maxDiff, Math.abs(c[i] - want[i]));
                        norm += c[i] * c[i];
                    }
                    assertTrue(maxDiff < 1e-5, "tau " + tau + ": max abs diff " + maxDiff);
                    assertEquals(1.0, norm, 1e-5, "unit condition");
                }
            }
        }
    }

    @Test
    void lowTemperatureSnapsToTheNearestCaption() throws Exception {
        SplittableRandom r = new SplittableRandom(2);
        float[][] memory = {unit(r, 16), unit(r, 16), unit(r, 16)};
        float[] s = memory[1].clone();
        s[0] += 0.05f; // near caption 1, not on it
        try (CaptionPrior prior = write(memory, 1e-3)) {
            float[] c = prior.apply(s);
            for (int i = 0; i < 16; i++) {
                assertEquals(memory[1][i], c[i], 1e-4);
            }
        }
    }

    @Test
    void refusesBadMemoriesInputsAndForeignModels() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        assertThrows(PipelineInputException.class, () -> CaptionPrior.export(new float[0][], 0.1, Map.of()));
        assertThrows(PipelineInputException.class, () -> CaptionPrior.export(new float[][] {unit(r, 4)}, 0, Map.of()));
        assertThrows(PipelineInputException.class,
                () -> CaptionPrior.export(new float[][] {unit(r, 4)}, Double.POSITIVE_INFINITY, Map.of()));
        PipelineInputException ragged = assertThrows(PipelineInputException.class,
                () -> CaptionPrior.export(new float[][] {unit(r, 4), unit(r, 5)}, 0.1, Map.of()));
        assertTrue(ragged.getMessage().contains("unequal width"), ragged.getMessage());
        try (CaptionPrior prior = write(new float[][] {unit(r, 4), unit(r, 4)}, 0.1)) {
            PipelineInputException wide = assertThrows(PipelineInputException.class, () -> prior.apply(new float[5]));
            assertTrue(wide.getMessage().contains("takes 4-d embeddings, got 5"), wide.getMessage());
        }
        OnnxGraphBuilder g = new OnnxGraphBuilder("other");
        String in = g.input("embedding", org.speaktheart.core.onnx.ElementType.FLOAT,
                org.speaktheart.core.onnx.Dim.sym("batch"), org.speaktheart.core.onnx.Dim.of(4));
        g.output(g.identity(in, "condition"), org.speaktheart.core.onnx.ElementType.FLOAT,
                org.speaktheart.core.onnx.Dim.sym("batch"), org.speaktheart.core.onnx.Dim.of(4));
        Path foreign = dir.resolve("foreign.onnx");
        Files.write(foreign, g.build(ModelMetadata.of("sta-language-identifier", "1")).toByteArray());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> CaptionPrior.load(foreign, RuntimeConfig.defaults()));
        assertTrue(e.getMessage().contains("expected 'sta-caption-prior'"), e.getMessage());
    }
}
