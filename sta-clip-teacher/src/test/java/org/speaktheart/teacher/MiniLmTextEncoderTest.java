package org.speaktheart.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;
import org.speaktheart.core.testing.Tolerance;

class MiniLmTextEncoderTest {
    private static MiniLmTextEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = new MiniLmTextEncoder(RuntimeConfig.builder().intraOpThreads(1).build());
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static double sim(String a, String b) {
        float[][] e = encoder.embed(List.of(a, b));
        return Embeddings.dot(e[0], e[1]);
    }

    @Test
    void bertWordPieceIdsOfAKnownSentence() {
        // bert-base-uncased vocabulary: [CLS] 101, hello 7592, world 2088, [SEP] 102.
        assertArrayEquals(new long[] {101, 7592, 2088, 102}, encoder.tokenIds("Hello world"));
    }

    @Test
    void cosineSimilaritiesOrderAsMeaningDoes() {
        assertTrue(sim("a red apple", "a red fruit") > sim("a red apple", "a blue car") + 0.1);
        assertTrue(sim("a small cat", "a little kitten") > sim("a small cat", "a big truck") + 0.1);
        assertTrue(sim("a dog running in the park", "a puppy playing outside")
                > sim("a dog running in the park", "the stock market fell today") + 0.2);
        assertTrue(sim("a bird", "a sparrow") > sim("a bird", "a hamburger"));
        // A sentence is its own nearest neighbour.
        assertEquals(1.0, sim("a yellow flower", "a yellow flower"), 1e-5);
    }

    @Test
    void vectorsAreUnitLengthAndDoNotDependOnTheOtherTextsOfACall() {
        List<String> texts = List.of("a", "a photo of a red circle", "an emoji of a smiling face with tears of joy",
                "green", "a very long caption that goes on and on about a dog, a cat, a bird and a fish");
        float[][] batched = encoder.embed(texts);
        for (int i = 0; i < texts.size(); i++) {
            float[] alone = encoder.embed(List.of(texts.get(i)))[0];
            assertEquals(MiniLmTextEncoder.DIMENSION, alone.length);
            assertEquals(1.0, Embeddings.dot(alone, alone), 1e-5);
            new Tolerance(1e-5, 0).assertClose(alone, batched[i], "other texts change text " + i);
        }
    }

    @Test
    void meanPoolingMatchesAnIndependentComputationFromTheRawTokenStates() throws IOException {
        // Independent path: the tokenizer file with its own settings, the raw ONNX token states, and
        // the mean over the attention mask and normalisation written out here. The file pads to 128,
        // which this quantized model does not tolerate (see MiniLmTextEncoder), so the positions of
        // the real tokens are kept and the rest cut.
        String text = "a photo of a red circle";
        float[] expected;
        try (InputStream in = MiniLmTextEncoder.class.getResourceAsStream(MiniLmTextEncoder.TOKENIZER_RESOURCE);
             HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(in, Map.of());
             OnnxModel model = OnnxModel.loadResource(MiniLmTextEncoder.class, MiniLmTextEncoder.MODEL_RESOURCE,
                     RuntimeConfig.defaults())) {
            Encoding enc = tok.encode(text);
            long[] mask = enc.getAttentionMask();
            int real = (int) Arrays.stream(mask).sum();
            assertEquals(8, real, "[CLS] a photo of a red circle [SEP]");
            long[] ids = Arrays.copyOf(enc.getIds(), real);
            mask = Arrays.copyOf(mask, real);
            float[] h = model.run(Map.of("input_ids", Tensor.ofLongs(ids, 1, ids.length),
                    "attention_mask", Tensor.ofLongs(mask, 1, ids.length),
                    "token_type_ids", Tensor.ofLongs(Arrays.copyOf(enc.getTypeIds(), real), 1, ids.length))).get("last_hidden_state").floats();
            double[] sum = new double[384];
            double count = 0;
            for (int t = 0; t < ids.length; t++) {
                for (int d = 0; d < 384; d++) {
                    sum[d] += h[t * 384 + d] * mask[t];
                }
                count += mask[t];
            }
            double norm = 0;
            for (int d = 0; d < 384; d++) {
                sum[d] /= count;
                norm += sum[d] * sum[d];
            }
            expected = new float[384];
            for (int d = 0; d < 384; d++) {
                expected[d] = (float) (sum[d] / Math.sqrt(norm));
            }
        }
        new Tolerance(2e-5, 0).assertClose(expected, encoder.embed(List.of(text))[0], "mean pooling");
    }

    @Test
    void storedReferencePrefix() {
        // Produced once by this loader (MiniLmTextEncoder.embed, ONNX Runtime 1.29.0 CPU, 1 thread) for the
        // text below and pasted here; see docs/teacher.md. Guards against silent changes of the model,
        // tokenizer or pooling.
        float[] e = encoder.embed(List.of("a photo of a red circle"))[0];
        float[] prefix = Arrays.copyOf(e, 8);
        float[] stored = {-0.043934606f, 0.06281105f, -0.13577254f, 0.06455184f, -0.0021341187f, -0.049605306f, 0.09459394f,
            0.019805787f};
        new Tolerance(1e-5, 0).assertClose(stored, prefix, "stored MiniLM prefix");
    }

    @Test
    void identityNamesTheModelDigest() {
        assertEquals("all-minilm-l6-v2-q@afdb6f1a0e45b715", encoder.identity());
    }

    @Test
    void nullTextIsRefused() {
        assertThrows(TeacherInputException.class, () -> encoder.embed(Arrays.asList("a", null)));
    }
}
