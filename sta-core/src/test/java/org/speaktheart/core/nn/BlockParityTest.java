package org.speaktheart.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.speaktheart.core.runtime.Tensor;
import org.speaktheart.core.testing.BlockParity;
import org.speaktheart.core.testing.Tolerance;

/** Every block: same weights, random inputs, DJL forward vs ONNX Runtime forward, max abs diff at most 1e-4. */
class BlockParityTest {

    private static Tensor floats(long seed, long... shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        return Tensor.ofFloats(BlockParity.gaussian(seed, n, 1.0), shape);
    }

    /** Batch of 3 sequences of length 5: the second padded after 3 steps, the third after 1. */
    private static Tensor paddingMask() {
        boolean[] m = new boolean[3 * 5];
        for (int t = 3; t < 5; t++) {
            m[5 + t] = true;
        }
        for (int t = 1; t < 5; t++) {
            m[10 + t] = true;
        }
        return Tensor.ofBools(m, 3, 5);
    }

    static Stream<Arguments> blocks() {
        return Stream.of(
                block("Linear", () -> new Linear(6, 4), floats(1, 3, 5, 6)),
                block("Linear without bias", () -> new Linear(6, 4, false), floats(2, 2, 6)),
                block("LayerNorm", () -> new LayerNorm(8), floats(3, 2, 5, 8)),
                block("LayerNorm non-affine", () -> new LayerNorm(8, 1e-5f, false), floats(4, 2, 5, 8)),
                block("self-attention", () -> new MultiHeadAttention(8, 2), floats(5, 3, 5, 8)),
                block("self-attention with padding mask", () -> new MultiHeadAttention(8, 2),
                        floats(6, 3, 5, 8), floats(6, 3, 5, 8), paddingMask()),
                block("cross-attention", () -> new MultiHeadAttention(8, 4, 6), floats(7, 3, 4, 8), floats(8, 3, 5, 6)),
                block("cross-attention with mask", () -> new MultiHeadAttention(8, 4, 6),
                        floats(9, 3, 4, 8), floats(10, 3, 5, 6), paddingMask()),
                block("FeedForward GELU", () -> new FeedForward(8, 16, 0.1f), floats(11, 2, 5, 8)),
                block("TransformerLayer pre-LN", () -> new TransformerLayer(8, 2, 16, 0.1f), floats(12, 3, 5, 8)),
                block("TransformerLayer with mask", () -> new TransformerLayer(8, 2, 16, 0.1f),
                        floats(13, 3, 5, 8), paddingMask()),
                block("AdaLayerNorm", () -> new AdaLayerNorm(8, 6), floats(14, 3, 5, 8), floats(15, 3, 6)),
                block("SinusoidalEmbedding of int64 timesteps", () -> new SinusoidalEmbedding(16),
                        Tensor.ofLongs(new long[] {0, 1, 17, 99}, 4)),
                block("LearnedPositionEmbedding (shorter than table)", () -> new LearnedPositionEmbedding(10, 8),
                        floats(16, 2, 7, 8)),
                block("TokenEmbedding", () -> new TokenEmbedding(11, 8), Tensor.ofLongs(new long[] {0, 3, 10, 10, 5, 1}, 2, 3)),
                block("Conv2d 3x3", () -> new Conv2d(3, 4, 3), floats(17, 2, 3, 7, 6)),
                block("Conv2d stride 2 pad 0", () -> new Conv2d(3, 5, 3, 2, 0), floats(18, 2, 3, 9, 9)),
                block("GroupNorm", () -> new GroupNorm(2, 4), floats(19, 2, 4, 5, 3)),
                block("ResidualConvBlock same width", () -> new ResidualConvBlock(4, 4, 2), floats(20, 2, 4, 6, 6)),
                block("ResidualConvBlock wider", () -> new ResidualConvBlock(4, 8, 2), floats(21, 2, 4, 6, 6)),
                block("Downsample", () -> new Downsample(4), floats(22, 2, 4, 8, 8)),
                block("Upsample", () -> new Upsample(4), floats(23, 2, 4, 3, 5)));
    }

    private static Arguments block(String name, Supplier<StaBlock> factory, Tensor... inputs) {
        return Arguments.of(name, factory, inputs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void djlAndOnnxAgree(String name, Supplier<StaBlock> factory, Tensor[] inputs) {
        BlockParity.Result r = BlockParity.run(factory.get(), 42, inputs);
        Tolerance.PARITY.assertClose(r.djl(), r.onnx(), name);
        double magnitude = 0;
        for (float v : r.djl()) {
            magnitude = Math.max(magnitude, Math.abs(v));
        }
        assertTrue(magnitude > 1e-3, name + ": output is all (near) zero, the comparison would prove nothing");
    }

    @org.junit.jupiter.api.Test
    void paddedKeysDoNotChangeUnpaddedOutputs() {
        // Sequence 2 of the batch has 3 real steps; changing its padded steps must not move its first 3 outputs.
        Tensor x = floats(30, 3, 5, 8);
        float[] changed = x.floats().clone();
        for (int t = 3; t < 5; t++) {
            for (int d = 0; d < 8; d++) {
                changed[(5 + t) * 8 + d] += 7f;
            }
        }
        Tensor y = Tensor.ofFloats(changed, 3, 5, 8);
        BlockParity.Result a = BlockParity.run(new TransformerLayer(8, 2, 16, 0f), 7, x, paddingMask());
        BlockParity.Result b = BlockParity.run(new TransformerLayer(8, 2, 16, 0f), 7, y, paddingMask());
        float[] first = java.util.Arrays.copyOfRange(a.onnx(), 5 * 8, 8 * 8);
        float[] second = java.util.Arrays.copyOfRange(b.onnx(), 5 * 8, 8 * 8);
        Tolerance.absolute(1e-5).assertClose(first, second, "unpadded steps of sequence 2");
        assertArrayEquals(new long[] {3, 5, 8}, a.shape());
    }
}
