package org.speaktheart.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

class MetricsAndMemoryTest {

    @TempDir
    Path tmp;

    /** The toy task plus a "mae" metric. */
    private static final class WithMetric implements TrainingTask {
        private final Block block;
        private final ToyRegression inner;

        WithMetric(Block block) {
            this.block = block;
            this.inner = new ToyRegression(block);
        }

        @Override
        public NDList batch(long step, SplittableRandom random, NDManager manager) {
            return inner.batch(step, random, manager);
        }

        @Override
        public StepOutput loss(ParameterStore parameters, NDList batch, boolean training) {
            NDArray error = block.forward(parameters, new NDList(batch.get(0)), training).singletonOrThrow()
                    .sub(batch.get(1));
            return new StepOutput(error.square().mean(), Map.of("mae", error.abs().mean()));
        }
    }

    @Test
    void metricsFileHasOneJsonLinePerStep() throws IOException {
        Path file = tmp.resolve("logs").resolve("metrics.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"step\":41,\"lo"); // a line cut short by a killed run
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            Block block = ToyRegression.mlp(manager, 8, 0, 3);
            TrainingConfig config = TrainingConfig.builder().steps(6).warmupSteps(2).clipNorm(0.01)
                    .metricsFile(file).logInterval(2).build();
            try (TrainingLoop loop = new TrainingLoop(block, config)) {
                loop.run(new WithMetric(block));
            }
        }
        List<String> all = Files.readAllLines(file);
        assertEquals("{\"step\":41,\"lo", all.get(0), "the partial line is ended, not joined");
        List<String> lines = all.subList(1, all.size());
        assertEquals(6, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonObject line = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            assertEquals(i, line.get("step").getAsLong());
            double loss = line.get("loss").getAsDouble();
            double mae = line.get("mae").getAsDouble();
            assertTrue(loss > 0 && mae > 0 && mae * mae <= loss * (1 + 1e-6), "MAE^2 <= MSE: " + lines.get(i));
            double norm = line.get("grad_norm").getAsDouble();
            // clipNorm 0.01 is far below these norms: scale = 0.01 / (norm + 1e-6)
            assertEquals(0.01 / (norm + 1e-6), line.get("clip_scale").getAsDouble(), 1e-12);
            assertTrue(line.get("elapsed_s").getAsDouble() >= 0);
        }
        assertEquals(0.5e-3, JsonParser.parseString(lines.get(0)).getAsJsonObject().get("lr").getAsDouble(), 1e-15);
        assertEquals(1e-3, JsonParser.parseString(lines.get(2)).getAsJsonObject().get("lr").getAsDouble(), 1e-15);
    }

    @Test
    void nativeArrayCountDoesNotGrowWithSteps() {
        try (NDManager root = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            NDManager model = root.newSubManager();
            Block block = ToyRegression.mlp(model, 16, 0.1f, 3);
            Map<Long, Integer> counts = new HashMap<>();
            ToyRegression inner = new ToyRegression(block);
            TrainingTask counting = new TrainingTask() {
                @Override
                public NDList batch(long step, SplittableRandom random, NDManager manager) {
                    counts.put(step, ((BaseNDManager) root).getManagedArrays().size());
                    return inner.batch(step, random, manager);
                }

                @Override
                public StepOutput loss(ParameterStore parameters, NDList batch, boolean training) {
                    return inner.loss(parameters, batch, training);
                }
            };
            TrainingConfig config = TrainingConfig.builder().steps(40).emaDecay(0.9).clipNorm(1).build();
            try (TrainingLoop loop = new TrainingLoop(block, config)) {
                loop.run(counting);
            }
            // parameters (4) + AdamW moments (8) + EMA (4) are alive; nothing of earlier steps may be
            assertTrue(counts.get(2L) >= 16, "arrays alive at step 2: " + counts.get(2L));
            assertEquals(counts.get(2L), counts.get(39L), "arrays alive at step 2 vs step 39");
            assertEquals(4, ((BaseNDManager) root).getManagedArrays().size(), "after close only the parameters remain");
        }
    }

    @Test
    void progressLineAndDurations() {
        assertEquals("0:00:00", Progress.duration(0.2));
        assertEquals("1:01:05", Progress.duration(3665));
        assertEquals("?", Progress.duration(Double.NaN));
        StringWriter out = new StringWriter();
        try (Progress progress = new Progress(100, 0, 10, new PrintWriter(out))) {
            StepRecord record = new StepRecord(49, 0.25, 1e-3, 1, 1, Map.of());
            assertEquals("[============>           ] 50/100 loss 0.25000 lr 1.00e-03 5.00 it/s ETA 0:00:10",
                    progress.bar(50, record, 5, 10));
            progress.update(record);
        }
        assertTrue(out.toString().startsWith("\r[============>"), out.toString());
        assertTrue(out.toString().endsWith(System.lineSeparator()), "the bar line is ended on close");
    }
}
