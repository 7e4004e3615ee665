package org.speaktheart.diffusion.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;
import org.speaktheart.core.testing.BlockParity;
import org.speaktheart.diffusion.DiffusionArgumentException;

/** A denoiser started from an exported ONNX file: identical weights and outputs, and the files it refuses. */
class DenoiserWeightsTest {

    private static final DenoiserConfig TOKENS = DenoiserConfig.builder().codebookSize(7).grid(3, 3).width(16).depth(2)
            .heads(2).conditionDim(6).timesteps(10).conditionTokens(2).conditionScale(3f).build();

    @TempDir
    Path dir;

    private static DenoiserNetwork network(DenoiserConfig c, NDManager m, long seed) {
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        DenoiserNetwork net = new DenoiserNetwork(c);
        net.initialize(m, DataType.FLOAT32, new Shape(2, c.tokens()), new Shape(2), new Shape(2, c.conditionDim()),
                new Shape(2));
        return net;
    }

    private static float[] logits(DenoiserNetwork net, NDManager m) {
        DenoiserConfig c = net.config();
        long[] ids = new long[2 * c.tokens()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 5L) % (c.codebookSize() + 1);
        }
        NDList in = new NDList(m.create(ids, new Shape(2, c.tokens())), m.create(new long[] {1, 8}),
                m.create(BlockParity.gaussian(4, 2 * c.conditionDim(), 1), new Shape(2, c.conditionDim())),
                m.create(new boolean[] {false, true}));
        return net.forward(new ParameterStore(m, false), in, false).singletonOrThrow().toFloatArray();
    }

    @Test
    void startsFromAnExportWithIdenticalWeightsAndOutputs() throws IOException {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            DenoiserNetwork trained = network(TOKENS, m, 1);
            BlockParity.randomizeParameters(trained, 5);
            Path file = dir.resolve("denoiser.onnx");
            DenoiserExport.write(trained, Map.of("dataset", "unit-test"), file);

            // the dropout rates only act in training, so a network that differs only in them is accepted
            DenoiserConfig tuning = DenoiserConfig.builder().codebookSize(7).grid(3, 3).width(16).depth(2).heads(2)
                    .conditionDim(6).timesteps(10).conditionTokens(2).conditionScale(3f).conditionDropout(0.3f).build();
            DenoiserNetwork fresh = network(tuning, m, 2);
            float[] expected = logits(trained, m);
            assertTrue(org.speaktheart.core.testing.Tolerance.maxAbsDiff(expected, logits(fresh, m)) > 1e-3,
                    "a fresh network differs before the copy");
            DenoiserWeights.copyFromOnnx(file, fresh);
            assertArrayEquals(expected, logits(fresh, m), "the same outputs, bit for bit");
            assertArrayEquals(DenoiserExport.build(trained, Map.of()).getGraph().toByteArray(),
                    DenoiserExport.build(fresh, Map.of()).getGraph().toByteArray(), "the same graph re-exported");
        }
    }

    @Test
    void refusesAnotherArchitectureNamingTheFieldsAndLeavesTheNetwork() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            Path file = dir.resolve("denoiser.onnx");
            DenoiserExport.write(network(TOKENS, m, 1), Map.of(), file);

            // the same parameter shapes, another condition scale: the copy would compute something else
            DenoiserConfig rescaled = DenoiserConfig.builder().codebookSize(7).grid(3, 3).width(16).depth(2).heads(2)
                    .conditionDim(6).timesteps(10).conditionTokens(2).conditionScale(1f).build();
            DenoiserNetwork other = network(rescaled, m, 2);
            float[] before = logits(other, m);
            DiffusionArgumentException e = assertThrows(DiffusionArgumentException.class,
                    () -> DenoiserWeights.copyFromOnnx(file, other));
            assertTrue(e.getMessage().contains("conditionScale 3.0 -> 1.0"), e.getMessage());
            assertArrayEquals(before, logits(other, m), "a refused file leaves the network as it was");

            DenoiserConfig wider = DenoiserConfig.builder().codebookSize(7).grid(3, 3).width(32).depth(1).heads(2)
                    .conditionDim(6).timesteps(10).conditionTokens(2).conditionScale(3f).build();
            e = assertThrows(DiffusionArgumentException.class,
                    () -> DenoiserWeights.copyFromOnnx(file, network(wider, m, 3)));
            assertTrue(e.getMessage().contains("depth 2 -> 1") && e.getMessage().contains("width 16 -> 32"),
                    e.getMessage());
        }
    }

    @Test
    void refusesFilesThatAreNotDenoisers() throws IOException {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            DenoiserNetwork net = network(TOKENS, m, 1);
            OnnxGraphBuilder g = new OnnxGraphBuilder("other");
            g.output(g.identity(g.input("x", org.speaktheart.core.onnx.ElementType.FLOAT,
                    org.speaktheart.core.onnx.Dim.of(1)), "y"), org.speaktheart.core.onnx.ElementType.FLOAT);
            Path other = dir.resolve("other.onnx");
            Files.write(other, g.build(ModelMetadata.of("something-else", "1")).toByteArray());
            DiffusionArgumentException e = assertThrows(DiffusionArgumentException.class,
                    () -> DenoiserWeights.copyFromOnnx(other, net));
            assertTrue(e.getMessage().contains("not an STA denoiser"), e.getMessage());

            Path garbage = dir.resolve("garbage.onnx");
            Files.write(garbage, new byte[] {1, 2, 3, 4, 5});
            assertThrows(DiffusionArgumentException.class, () -> DenoiserWeights.copyFromOnnx(garbage, net));
            assertThrows(DiffusionArgumentException.class,
                    () -> DenoiserWeights.copyFromOnnx(dir.resolve("missing.onnx"), net));
        }
    }

    @Test
    void differencesIgnoreOnlyTheDropoutRates() {
        DenoiserConfig a = DenoiserConfig.builder().codebookSize(7).grid(3, 3).width(16).depth(2).heads(2)
                .conditionDim(6).timesteps(10).dropout(0.1f).conditionDropout(0.2f).build();
        DenoiserConfig b = DenoiserConfig.builder().codebookSize(7).grid(3, 3).width(16).depth(2).heads(2)
                .conditionDim(6).timesteps(12).build();
        assertEquals(java.util.List.of("timesteps 10 -> 12"), DenoiserWeights.differences(a, b));
    }
}
