package org.speaktheart.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;
import org.speaktheart.core.testing.BlockParity;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.encoder.inference.FeatureBatch;
import org.speaktheart.encoder.inference.SpeechEmbedding;
import org.speaktheart.encoder.inference.SpeechEncoder;
import org.speaktheart.encoder.network.ClsToken;
import org.speaktheart.encoder.network.Conv1d;
import org.speaktheart.encoder.network.LayerWeightedSum;
import org.speaktheart.encoder.network.SpeechEncoderConfig;
import org.speaktheart.encoder.network.SpeechEncoderNetwork;

/** DJL vs ONNX parity of the encoder and its blocks, and padding-mask invariance. */
class SpeechEncoderParityTest {

    private static FeatureBatch randomBatch(int[] frames, int f, long seed) {
        int max = Arrays.stream(frames).max().orElseThrow();
        float[] data = new float[frames.length * max * f];
        float[] g = BlockParity.gaussian(seed, data.length, 1.0);
        for (int b = 0; b < frames.length; b++) {
            for (int t = 0; t < frames[b]; t++) {
                System.arraycopy(g, (b * max + t) * f, data, (b * max + t) * f, f);
            }
        }
        return new FeatureBatch(data, new long[] {frames.length, max, f}, frames);
    }

    @Test
    void blocksMatchTheirOnnxExport() {
        var conv = BlockParity.run(new Conv1d(5, 7, 3, 2, 1), 11,
                Tensor.ofFloats(BlockParity.gaussian(1, 2 * 9 * 5, 1), 2, 9, 5));
        assertArrayEquals(new long[] {2, 5, 7}, conv.shape());
        Tolerance.PARITY.assertClose(conv.djl(), conv.onnx(), "Conv1d");
        var cls = BlockParity.run(new ClsToken(6), 12, Tensor.ofFloats(BlockParity.gaussian(2, 3 * 4 * 6, 1), 3, 4, 6));
        assertArrayEquals(new long[] {3, 5, 6}, cls.shape());
        Tolerance.PARITY.assertClose(cls.djl(), cls.onnx(), "ClsToken");
        var sum = BlockParity.run(new LayerWeightedSum(3), 13,
                Tensor.ofFloats(BlockParity.gaussian(3, 2 * 3 * 4 * 5, 1), 2, 3, 4, 5));
        assertArrayEquals(new long[] {2, 4, 5}, sum.shape());
        Tolerance.PARITY.assertClose(sum.djl(), sum.onnx(), "LayerWeightedSum");
        assertTrue(Tolerance.maxAbsDiff(new float[conv.djl().length], conv.djl()) > 0.1, "non-trivial output");
    }

    @Test
    void exportedEncoderMatchesDjlAndIgnoresPadding() {
        SpeechEncoderConfig config = EncoderTestSupport.tinyConfig(12);
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            SpeechEncoderNetwork n = EncoderTestSupport.initialised(config, m, 5);
            BlockParity.randomizeParameters(n, 21);
            FeatureBatch batch = randomBatch(new int[] {37, 50, 9}, 24, 99);
            float[][] djl = EncoderTestSupport.djlForward(n, m, batch);
            try (SpeechEncoder enc = SpeechEncoder.load(EncoderTestSupport.export(n, List.of("en", "ar")),
                    RuntimeConfig.builder().intraOpThreads(1).build(), "tiny")) {
                List<SpeechEmbedding> onnx = enc.run(batch, "en");
                float[] flat = new float[3 * 12];
                for (int b = 0; b < 3; b++) {
                    System.arraycopy(onnx.get(b).vector(), 0, flat, b * 12, 12);
                    double norm = 0;
                    for (float v : onnx.get(b).vector()) {
                        norm += v * v;
                    }
                    assertEquals(1.0, norm, 1e-5, "unit norm");
                }
                double diff = Tolerance.maxAbsDiff(djl[0], flat);
                System.out.println("encoder parity max |DJL - ONNX| = " + diff);
                Tolerance.PARITY.assertClose(djl[0], flat, "embedding DJL vs ONNX");
                // frames of item 1 (longest: 50 -> 13 frames) against DJL's [B, 13, 16]
                assertEquals(13, onnx.get(1).frames().length);
                assertEquals(10, onnx.get(0).frames().length);
                for (int t = 0; t < 13; t++) {
                    Tolerance.PARITY.assertClose(Arrays.copyOfRange(djl[1], (13 + t) * 16, (13 + t + 1) * 16),
                            onnx.get(1).frames()[t], "frame " + t);
                }
                // padding invariance: each item alone equals its batched result, in ONNX and in DJL
                for (int b = 0; b < 3; b++) {
                    int frames = batch.frames()[b];
                    float[] alone = Arrays.copyOfRange(batch.data(), b * 50 * 24, (b * 50 + frames) * 24);
                    FeatureBatch single = new FeatureBatch(alone, new long[] {1, frames, 24}, new int[] {frames});
                    SpeechEmbedding s = enc.run(single, "ar").get(0);
                    Tolerance.absolute(1e-5).assertClose(onnx.get(b).vector(), s.vector(), "item " + b + " alone vs batched");
                    for (int t = 0; t < s.frames().length; t++) {
                        Tolerance.absolute(1e-5).assertClose(onnx.get(b).frames()[t], s.frames()[t], "frame " + t);
                    }
                    float[][] djlAlone = EncoderTestSupport.djlForward(n, m, single);
                    Tolerance.absolute(1e-5).assertClose(Arrays.copyOfRange(djl[0], b * 12, (b + 1) * 12), djlAlone[0],
                            "DJL item " + b);
                }
                // and a real clip batched with a longer one through the public API
                SplittableRandom r = new SplittableRandom(3);
                float[] a = new float[8000];
                float[] longer = new float[24000];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (0.3 * Math.sin(i * 0.05) + 0.05 * r.nextGaussian());
                }
                for (int i = 0; i < longer.length; i++) {
                    longer[i] = (float) (0.2 * Math.sin(i * 0.11) + 0.05 * r.nextGaussian());
                }
                AudioClip clipA = AudioClip.of(a, 16000);
                SpeechEmbedding aloneE = enc.embed(clipA);
                assertEquals("en,ar", aloneE.language());
                SpeechEmbedding batchedE = enc.embedBatch(List.of(AudioClip.of(longer, 16000), clipA), "ar").get(1);
                Tolerance.absolute(1e-5).assertClose(aloneE.vector(), batchedE.vector(), "clip alone vs with a longer one");
                assertThrows(EncoderInputException.class, () -> enc.embed(clipA, "fr"));
                assertThrows(EncoderInputException.class, () -> enc.embed(AudioClip.of(new float[16000 * 5], 16000)));
            }
        }
    }

    @Test
    void configRoundTripsAndRejectsBadFields() {
        SpeechEncoderConfig c = EncoderTestSupport.tinyConfig(8);
        assertEquals(c, SpeechEncoderConfig.fromJson(c.toJson()));
        EncoderConfigException e = assertThrows(EncoderConfigException.class, () -> c.toBuilder().heads(3).build());
        assertTrue(e.getMessage().contains("width"), e.getMessage());
        e = assertThrows(EncoderConfigException.class, () -> SpeechEncoderConfig.fromJson(
                c.toJson().replace("\"version\":1", "\"version\":7")));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
        assertEquals(13, c.subsampledFrames(50));
        assertEquals(1, c.subsampledFrames(1));
    }
}
