package org.speaktheart.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

class CheckpointStoreTest {

    @TempDir
    Path tmp;

    private static TrainingConfig config(Path dir) {
        return TrainingConfig.builder().steps(12).seed(8).checkpointDir(dir).checkpointInterval(4).build();
    }

    /** Trains 12 steps with checkpoints at 4, 8, 12 and returns the directory. */
    private Path trained(NDManager manager, String name) {
        Path dir = tmp.resolve(name);
        Block block = ToyRegression.mlp(manager, 8, 0, 3);
        try (TrainingLoop loop = new TrainingLoop(block, config(dir))) {
            TrainingResult result = loop.run(new ToyRegression(block));
            assertEquals(dir.resolve("step-000000012"), result.lastCheckpoint());
        }
        return dir;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void keepsTheNewestAndLeavesNoTemporaries() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            Path dir = trained(manager, "run");
            assertEquals(List.of("step-000000008", "step-000000012"), names(dir));
            // no EMA in this config, so no ema.ndlist
            assertEquals(List.of(CheckpointStore.HEADER_FILE, CheckpointStore.OPTIMIZER_FILE,
                    CheckpointStore.PARAMETERS_FILE), names(dir.resolve("step-000000012")));
            CheckpointHeader header = CheckpointStore.readHeader(dir.resolve("step-000000012"));
            assertEquals(CheckpointStore.FORMAT_VERSION, header.formatVersion());
            assertEquals(12, header.step());
            assertEquals(8, header.seed());
            assertEquals(4, header.parameters().size()); // two Linear layers: weight and bias each
            assertEquals("float32", header.parameters().get(0).dataType());
        }
    }

    @Test
    void unknownVersionIsATypedError() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            Path dir = trained(manager, "versioned");
            Path latest = dir.resolve("step-000000012");
            Path header = latest.resolve(CheckpointStore.HEADER_FILE);
            JsonObject json = JsonParser.parseString(Files.readString(header)).getAsJsonObject();
            json.addProperty("formatVersion", 99);
            Files.writeString(header, json.toString(), StandardCharsets.UTF_8);

            UnsupportedCheckpointVersionException e = assertThrows(UnsupportedCheckpointVersionException.class,
                    () -> CheckpointStore.readHeader(latest));
            assertEquals(99, e.found());
            assertTrue(e.getMessage().contains("version 99") && e.getMessage().contains("only version 1"),
                    e.getMessage());
            Block block = ToyRegression.mlp(manager, 8, 0, 3);
            assertThrows(UnsupportedCheckpointVersionException.class, () -> new TrainingLoop(block, config(dir)));
        }
    }

    @Test
    void corruptFileWrongSeedAndOtherModelAreRefused() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            Path dir = trained(manager, "refused");
            Block block = ToyRegression.mlp(manager, 8, 0, 3);

            CheckpointException seed = assertThrows(CheckpointException.class,
                    () -> new TrainingLoop(block, config(dir).toBuilder().seed(9).build()));
            assertTrue(seed.getMessage().contains("seed 8") && seed.getMessage().contains("seed is 9"),
                    seed.getMessage());

            Block wider = ToyRegression.mlp(manager, 9, 0, 3);
            CheckpointException shape = assertThrows(CheckpointException.class, () -> new TrainingLoop(wider, config(dir)));
            assertTrue(shape.getMessage().contains("[8, 2]") && shape.getMessage().contains("[9, 2]"),
                    shape.getMessage());

            CheckpointException ema = assertThrows(CheckpointException.class,
                    () -> new TrainingLoop(block, config(dir).toBuilder().emaDecay(0.9).build()));
            assertTrue(ema.getMessage().contains("no EMA"), ema.getMessage());

            Path parameters = dir.resolve("step-000000012").resolve(CheckpointStore.PARAMETERS_FILE);
            byte[] bytes = Files.readAllBytes(parameters);
            bytes[bytes.length - 1] ^= 0x01;
            Files.write(parameters, bytes);
            CheckpointException corrupt = assertThrows(CheckpointException.class, () -> new TrainingLoop(block, config(dir)));
            assertTrue(corrupt.getMessage().contains("corrupt") && corrupt.getMessage().contains("parameters.ndlist"),
                    corrupt.getMessage());
        }
    }

    @Test
    void leftoverTemporaryIsIgnoredAndRemoved() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            Path dir = trained(manager, "crashed");
            // what a writer killed mid-write leaves: a hidden temp directory with a partial file
            Path partial = Files.createDirectory(dir.resolve(".tmp-step-000000016-dead"));
            Files.write(partial.resolve(CheckpointStore.PARAMETERS_FILE), new byte[] {1, 2, 3});
            Block block = ToyRegression.mlp(manager, 8, 0, 3);
            try (TrainingLoop loop = new TrainingLoop(block, config(dir).toBuilder().steps(16).build())) {
                assertEquals(12, loop.nextStep());
                assertEquals(List.of("step-000000008", "step-000000012"), names(dir));
                loop.run(new ToyRegression(block));
            }
            assertEquals(List.of("step-000000012", "step-000000016"), names(dir));
        }
    }

    @Test
    void finishedRunDoesNothingMore() {
        try (NDManager manager = NDManager.newBaseManager(TrainingLoop.ENGINE)) {
            Path dir = trained(manager, "done");
            Block block = ToyRegression.mlp(manager, 8, 0, 3);
            try (TrainingLoop loop = new TrainingLoop(block, config(dir))) {
                TrainingResult result = loop.run(new ToyRegression(block));
                assertEquals(12, result.startStep());
                assertEquals(12, result.endStep());
                assertTrue(Double.isNaN(result.lastLoss()));
            }
        }
    }
}
