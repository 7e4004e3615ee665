package org.speaktheart.core.integration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.core.nn.LayerNorm;
import org.speaktheart.core.nn.LearnedPositionEmbedding;
import org.speaktheart.core.nn.Linear;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.nn.TokenEmbedding;
import org.speaktheart.core.nn.TransformerLayer;
import org.speaktheart.core.onnx.Dim;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.core.train.LrDecay;
import org.speaktheart.core.train.StepOutput;
import org.speaktheart.core.train.TrainingConfig;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.core.train.TrainingResult;
import org.speaktheart.core.train.TrainingTask;

/**
 * The foundation end to end: a small Transformer built from the sta-core blocks learns to reverse
 * sequences through the training harness, is exported with the graph builder, and ONNX Runtime
 * reproduces the DJL outputs.
 */
class ToyTransformerTrainExportTest {
    private static final int VOCAB = 8;
    private static final int LENGTH = 8;
    private static final int WIDTH = 32;
    private static final int BATCH = 32;

    /** Token embedding + positions -> 2 pre-LN layers -> LN -> logits over the vocabulary. */
    static final class ReverserModel extends StaBlock {
        private final TokenEmbedding embedding;
        private final LearnedPositionEmbedding positions;
        private final List<TransformerLayer> layers = new ArrayList<>();
        private final LayerNorm norm;
        private final Linear head;

        ReverserModel() {
            embedding = addChildBlock("embedding", new TokenEmbedding(VOCAB, WIDTH));
            positions = addChildBlock("positions", new LearnedPositionEmbedding(LENGTH, WIDTH));
            for (int i = 0; i < 2; i++) {
                layers.add(addChildBlock("layer" + i, new TransformerLayer(WIDTH, 4, 2 * WIDTH, 0f)));
            }
            norm = addChildBlock("norm", new LayerNorm(WIDTH));
            head = addChildBlock("head", new Linear(WIDTH, VOCAB));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
            NDArray h = run(positions, ps, training, run(embedding, ps, training, in.singletonOrThrow()));
            for (TransformerLayer layer : layers) {
                h = run(layer, ps, training, h);
            }
            return new NDList(run(head, ps, training, run(norm, ps, training, h))); // [B, L, V]
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0].add(VOCAB)};
        }

        @Override
        public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
            String h = positions.toOnnx(g, name + ".positions", embedding.toOnnx(g, name + ".embedding", inputs[0]));
            for (int i = 0; i < layers.size(); i++) {
                h = layers.get(i).toOnnx(g, name + ".layer" + i, h);
            }
            return head.toOnnx(g, name + ".head", norm.toOnnx(g, name + ".norm", h));
        }
    }

    /** Random sequences [n, L] and their reversals. */
    private static long[][] sequences(SplittableRandom rng, int n) {
        long[] x = new long[n * LENGTH];
        long[] y = new long[n * LENGTH];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < LENGTH; j++) {
                x[i * LENGTH + j] = rng.nextInt(VOCAB);
            }
            for (int j = 0; j < LENGTH; j++) {
                y[i * LENGTH + j] = x[i * LENGTH + LENGTH - 1 - j];
            }
        }
        return new long[][] {x, y};
    }

    @Test
    void learnsToReverseExportsAndMatches(@TempDir Path dir) {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            Engine.getEngine("PyTorch").setRandomSeed(3);
            ReverserModel model = new ReverserModel();
            model.initialize(manager, DataType.FLOAT32, new Shape(BATCH, LENGTH));
            TrainingTask task = new TrainingTask() {
                @Override
                public NDList batch(long step, SplittableRandom random, NDManager m) {
                    long[][] xy = sequences(random, BATCH);
                    return new NDList(m.create(xy[0], new Shape(BATCH, LENGTH)), m.create(xy[1], new Shape(BATCH * LENGTH)));
                }

                @Override
                public StepOutput loss(ParameterStore ps, NDList batch, boolean training) {
                    NDArray logits = model.forward(ps, new NDList(batch.get(0)), training).singletonOrThrow()
                            .reshape(BATCH * LENGTH, VOCAB);                               // [B * L, V]
                    NDArray picked = logits.logSoftmax(-1).gather(batch.get(1).expandDims(1), 1); // [B * L, 1]
                    return StepOutput.of(picked.neg().mean());
                }
            };
            TrainingConfig config = TrainingConfig.builder().steps(600).seed(5).learningRate(3e-3).warmupSteps(50)
                    .decay(LrDecay.cosine(3e-4)).clipNorm(1.0).weightDecay(0.0)
                    .metricsFile(dir.resolve("metrics.jsonl")).logInterval(100).build();
            TrainingResult result;
            try (TrainingLoop loop = new TrainingLoop(model, config)) {
                result = loop.run(task);
            }
            // Initial loss is ln 8 = 2.08 nats; a model that reverses well is far below 0.1.
            assertTrue(result.lastLoss() < 0.1, "final training loss " + result.lastLoss() + " should be < 0.1");

            long[][] held = sequences(new SplittableRandom(1234), 64);
            NDArray djl = model.forward(new ParameterStore(manager, false),
                    new NDList(manager.create(held[0], new Shape(64, LENGTH))), false).singletonOrThrow();
            float[] djlLogits = djl.toFloatArray();
            int correct = 0;
            for (int i = 0; i < 64 * LENGTH; i++) {
                int best = 0;
                for (int v = 1; v < VOCAB; v++) {
                    if (djlLogits[i * VOCAB + v] > djlLogits[i * VOCAB + best]) {
                        best = v;
                    }
                }
                correct += best == held[1][i] ? 1 : 0;
            }
            double accuracy = correct / (64.0 * LENGTH);
            assertTrue(accuracy > 0.97, "held-out per-token accuracy " + accuracy + " (chance 0.125)");

            OnnxGraphBuilder g = new OnnxGraphBuilder("reverser");
            String ids = g.input("ids", ElementType.INT64, Dim.sym("batch"), Dim.of(LENGTH));
            g.output(g.identity(model.toOnnx(g, "model", ids), "logits"), ElementType.FLOAT,
                    Dim.sym("batch"), Dim.of(LENGTH), Dim.of(VOCAB));
            Path file = dir.resolve("reverser.onnx");
            g.write(file, ModelMetadata.of("toy-reverser", "1").with("final_loss", Double.toString(result.lastLoss())));
            try (OnnxModel onnx = OnnxModel.load(file, RuntimeConfig.defaults())) {
                float[] onnxLogits = onnx.run(Map.of("ids", Tensor.ofLongs(held[0], 64, LENGTH))).get("logits").floats();
                Tolerance.PARITY.assertClose(djlLogits, onnxLogits, "trained reverser logits, DJL vs ONNX Runtime");
            }
        }
    }
}
