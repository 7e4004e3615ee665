package org.speaktheart.diffusion.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;
import org.speaktheart.core.runtime.ModelLoadException;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;
import org.speaktheart.core.testing.BlockParity;
import org.speaktheart.core.testing.Tolerance;

/** The denoiser network: DJL/ONNX parity, the exported contract, the null condition and config round trips. */
class DenoiserNetworkTest {

    private static final DenoiserConfig PLAIN = DenoiserConfig.builder().codebookSize(7).grid(3, 3).width(16).depth(2)
            .heads(2).conditionDim(6).timesteps(10).build();
    private static final DenoiserConfig CROSS = DenoiserConfig.builder().codebookSize(7).grid(2, 3).width(16).depth(2)
            .heads(4).conditionDim(6).crossAttention(5).timesteps(10).build();

    private static Tensor tokens(int batch, DenoiserConfig c, long seed) {
        java.util.Random r = new java.util.Random(seed);
        long[] ids = new long[batch * c.tokens()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(c.codebookSize() + 1); // includes [MASK]
        }
        return Tensor.ofLongs(ids, batch, c.tokens());
    }

    @Test
    void plainNetworkParity() {
        BlockParity.Result r = BlockParity.run(new DenoiserNetwork(PLAIN), 3,
                tokens(3, PLAIN, 1), Tensor.ofLongs(new long[] {0, 4, 9}, 3),
                Tensor.ofFloats(BlockParity.gaussian(2, 18, 1), 3, 6), Tensor.ofBools(new boolean[] {false, true, false}, 3));
        Tolerance.PARITY.assertClose(r.djl(), r.onnx(), "denoiser logits");
        assertEquals(3 * 9 * 7, r.djl().length);
    }

    @Test
    void conditionScaleActsAsAScaledConditionAndExportsAlike() {
        float scale = 2.5f;
        DenoiserConfig scaled = DenoiserConfig.builder().codebookSize(7).grid(3, 3).width(16).depth(2).heads(2)
                .conditionDim(6).timesteps(10).conditionScale(scale).build();
        float[] cond = BlockParity.gaussian(2, 18, 1);
        float[] scaledCond = cond.clone();
        for (int i = 0; i < scaledCond.length; i++) {
            scaledCond[i] *= scale;
        }
        Tensor ts = Tensor.ofLongs(new long[] {0, 4, 9}, 3);
        Tensor given = Tensor.ofBools(new boolean[] {false, false, false}, 3);
        // Same seed, same weights: scaling inside the network equals feeding the scaled condition.
        BlockParity.Result inside = BlockParity.run(new DenoiserNetwork(scaled), 3, tokens(3, scaled, 1), ts,
                Tensor.ofFloats(cond, 3, 6), given);
        BlockParity.Result outside = BlockParity.run(new DenoiserNetwork(PLAIN), 3, tokens(3, PLAIN, 1), ts,
                Tensor.ofFloats(scaledCond, 3, 6), given);
        Tolerance.PARITY.assertClose(outside.djl(), inside.djl(), "scaled inside vs outside");
        Tolerance.PARITY.assertClose(inside.djl(), inside.onnx(), "scaled denoiser logits");
        BlockParity.Result unscaled = BlockParity.run(new DenoiserNetwork(PLAIN), 3, tokens(3, PLAIN, 1), ts,
                Tensor.ofFloats(cond, 3, 6), given);
        double diff = 0;
        for (int i = 0; i < unscaled.djl().length; i++) {
            diff = Math.max(diff, Math.abs(unscaled.djl()[i] - inside.djl()[i]));
        }
        assertTrue(diff > 1e-3, "the scale must change the logits, max abs diff " + diff);
        // The null condition is scaled too, in both runtimes.
        BlockParity.Result withNull = BlockParity.run(new DenoiserNetwork(scaled), 3, tokens(3, scaled, 1), ts,
                Tensor.ofFloats(cond, 3, 6), Tensor.ofBools(new boolean[] {true, false, true}, 3));
        Tolerance.PARITY.assertClose(withNull.djl(), withNull.onnx(), "scaled denoiser logits with null rows");
    }

    @Test
    void conditionTokensNetworkParity() {
        DenoiserConfig withTokens = DenoiserConfig.builder().codebookSize(7).grid(3, 3).width(16).depth(2).heads(2)
                .conditionDim(6).timesteps(10).conditionScale(2f).conditionTokens(3).build();
        Tensor ts = Tensor.ofLongs(new long[] {0, 4, 9}, 3);
        BlockParity.Result r = BlockParity.run(new DenoiserNetwork(withTokens), 3, tokens(3, withTokens, 1), ts,
                Tensor.ofFloats(BlockParity.gaussian(2, 18, 1), 3, 6), Tensor.ofBools(new boolean[] {false, true, false}, 3));
        Tolerance.PARITY.assertClose(r.djl(), r.onnx(), "denoiser logits with condition tokens");
        assertEquals(3 * 9 * 7, r.onnx().length, "logits of the grid cells only");
        // Same weights (same seed): a row's logits follow its condition through the tokens as well.
        BlockParity.Result other = BlockParity.run(new DenoiserNetwork(withTokens), 3, tokens(3, withTokens, 1), ts,
                Tensor.ofFloats(BlockParity.gaussian(3, 18, 1), 3, 6), Tensor.ofBools(new boolean[] {false, true, false}, 3));
        int row = 9 * 7;
        assertTrue(Tolerance.maxAbsDiff(java.util.Arrays.copyOfRange(r.onnx(), 0, row),
                java.util.Arrays.copyOfRange(other.onnx(), 0, row)) > 1e-4, "another condition, other logits");
        Tolerance.absolute(0).assertClose(java.util.Arrays.copyOfRange(r.onnx(), row, 2 * row),
                java.util.Arrays.copyOfRange(other.onnx(), row, 2 * row), "a null row ignores its condition");
    }

    @Test
    void crossAttentionNetworkParity() {
        boolean[] mask = {false, false, false, true, false, true, true, true};
        BlockParity.Result r = BlockParity.run(new DenoiserNetwork(CROSS), 4,
                tokens(2, CROSS, 5), Tensor.ofLongs(new long[] {2, 7}, 2),
                Tensor.ofFloats(BlockParity.gaussian(6, 12, 1), 2, 6), Tensor.ofBools(new boolean[] {false, false}, 2),
                Tensor.ofFloats(BlockParity.gaussian(7, 2 * 4 * 5, 1), 2, 4, 5), Tensor.ofBools(mask, 2, 4));
        Tolerance.PARITY.assertClose(r.djl(), r.onnx(), "cross-attention denoiser logits");
    }

    @Test
    void exportedModelMatchesDjlLogSoftmaxAndHonoursTheNullCondition() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            DenoiserNetwork net = new DenoiserNetwork(PLAIN);
            Tensor ids = tokens(2, PLAIN, 11);
            float[] cond = BlockParity.gaussian(12, 12, 1);
            long[] t = {1, 8};
            net.initialize(m, DataType.FLOAT32, new Shape(2, 9), new Shape(2), new Shape(2, 6), new Shape(2));
            BlockParity.randomizeParameters(net, 13);
            ParameterStore ps = new ParameterStore(m, false);
            byte[] bytes = DenoiserExport.build(net, Map.of("dataset", "unit-test")).toByteArray();
            try (DenoiserModel onnx = DenoiserModel.load(bytes, RuntimeConfig.defaults(), "denoiser")) {
                assertEquals(PLAIN, onnx.config());
                for (boolean[] useNull : new boolean[][] {{false, false}, {true, true}}) {
                    NDList in = new NDList(m.create(ids.longs(), new Shape(2, 9)), m.create(t), m.create(cond, new Shape(2, 6)),
                            m.create(useNull));
                    float[] djl = net.forward(ps, in, false).singletonOrThrow().logSoftmax(-1).toFloatArray();
                    float[] ort = onnx.logProbs(ids.longs(), t, cond, useNull);
                    Tolerance.PARITY.assertClose(djl, ort, "log p(x0|xt), null=" + useNull[0]);
                    for (int row = 0; row < 2 * 9; row++) {
                        double sum = 0;
                        for (int k = 0; k < 7; k++) {
                            sum += Math.exp(ort[row * 7 + k]);
                        }
                        Tolerance.FLOAT.assertClose(1.0, sum, "probabilities of token " + row);
                    }
                }
                // With the null condition the given condition must not matter at all.
                float[] a = onnx.logProbs(ids.longs(), t, cond, new boolean[] {true, true});
                float[] b = onnx.logProbs(ids.longs(), t, new float[12], new boolean[] {true, true});
                Tolerance.absolute(0).assertClose(a, b, "null condition ignores the given vector");
                float[] c = onnx.logProbs(ids.longs(), t, new float[12], new boolean[] {false, false});
                assertTrue(Tolerance.maxAbsDiff(b, c) > 1e-4, "a real condition changes the prediction");

                IllegalArgumentException badT = assertThrows(IllegalArgumentException.class,
                        () -> onnx.logProbs(ids.longs(), new long[] {1, 10}, cond, new boolean[2]));
                assertTrue(badT.getMessage().contains("timestep 10"));
                IllegalArgumentException badId = assertThrows(IllegalArgumentException.class,
                        () -> onnx.logProbs(withId(ids.longs(), 8), t, cond, new boolean[2]));
                assertTrue(badId.getMessage().contains("token id 8"));
            }
        }
    }

    private static long[] withId(long[] ids, long id) {
        long[] copy = ids.clone();
        copy[0] = id;
        return copy;
    }

    @Test
    void loaderRefusesOtherModels() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("other");
        g.output(g.identity(g.input("x", org.speaktheart.core.onnx.ElementType.FLOAT,
                org.speaktheart.core.onnx.Dim.of(1)), "y"), org.speaktheart.core.onnx.ElementType.FLOAT);
        byte[] other = g.build(ModelMetadata.of("something-else", "1")).toByteArray();
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> DenoiserModel.load(other, RuntimeConfig.defaults(), "other"));
        assertTrue(e.getMessage().contains("not an STA denoiser"), e.getMessage());
    }

    @Test
    void configRoundTripsAndValidates() {
        assertEquals(CROSS, DenoiserConfig.fromJson(CROSS.toJson()));
        DenoiserConfig scaled = DenoiserConfig.builder().codebookSize(7).grid(3, 3).conditionDim(6)
                .conditionScale(19.5f).build();
        assertEquals(scaled, DenoiserConfig.fromJson(scaled.toJson()));
        DenoiserConfig withTokens = DenoiserConfig.builder().codebookSize(7).grid(3, 3).conditionDim(6)
                .conditionTokens(8).build();
        assertEquals(withTokens, DenoiserConfig.fromJson(withTokens.toJson()));
        // A configuration written before the condition tokens existed reads as none.
        String noTokens = PLAIN.toJson().replace(",\"conditionTokens\":0", "");
        assertTrue(!noTokens.contains("conditionTokens"), noTokens);
        assertEquals(PLAIN, DenoiserConfig.fromJson(noTokens));
        for (int bad : new int[] {-1, DenoiserConfig.MAX_CONDITION_TOKENS + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DenoiserConfig.builder().codebookSize(4).grid(2, 2).conditionDim(3).conditionTokens(bad).build());
            assertTrue(e.getMessage().contains("conditionTokens must be in [0, 64]"), e.getMessage());
        }
        // A configuration written before the scale existed reads as scale 1.
        String old = PLAIN.toJson().replace(",\"conditionScale\":1.0", "");
        assertTrue(!old.contains("conditionScale"), old);
        assertEquals(PLAIN, DenoiserConfig.fromJson(old));
        for (float bad : new float[] {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DenoiserConfig.builder().codebookSize(4).grid(2, 2).conditionDim(3).conditionScale(bad).build());
            assertTrue(e.getMessage().contains("conditionScale"), e.getMessage());
        }
        assertEquals(DenoiserConfig.staPaper(), DenoiserConfig.fromJson(DenoiserConfig.staPaper().toJson()));
        IllegalArgumentException heads = assertThrows(IllegalArgumentException.class,
                () -> DenoiserConfig.builder().codebookSize(4).grid(2, 2).width(30).heads(4).conditionDim(3).build());
        assertTrue(heads.getMessage().contains("multiple of heads"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> DenoiserConfig.builder().grid(2, 2).conditionDim(3).build());
        assertTrue(missing.getMessage().contains("codebookSize"));
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
                () -> DenoiserConfig.fromJson(CROSS.toJson().replace("\"formatVersion\":1", "\"formatVersion\":9")));
        assertTrue(version.getMessage().contains("format version 9"));
        assertThrows(IllegalArgumentException.class, () -> DenoiserConfig.fromJson("{not json"));
    }

    @Test
    void paperPresetHasThePaperShape() {
        DenoiserConfig p = DenoiserConfig.staPaper();
        assertEquals(24, p.depth());
        assertEquals(512, p.width());
        assertEquals(16, p.heads());
        assertEquals(256, p.tokens());
        assertEquals(974, p.maskId());
        assertEquals(100, p.timesteps());
    }
}
