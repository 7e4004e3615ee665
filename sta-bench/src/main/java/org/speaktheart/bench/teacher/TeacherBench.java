package org.speaktheart.bench.teacher;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.teacher.ContrastiveImageModel;
import org.speaktheart.teacher.ImageTowerConfig;
import org.speaktheart.teacher.ImageTowerExport;
import org.speaktheart.teacher.LockedTextTeacher;
import org.speaktheart.teacher.MiniLmTextEncoder;

/**
 * The default teacher on ONNX Runtime: MiniLM text embeddings (one model call per caption) and the
 * image tower on preprocessed pixels, per call of {@code batch} items. Presets: {@code small}
 * (32 px, 16 base channels: the emoji run of docs/teacher.md) and {@code default} (64 px, 32 base
 * channels). The tower's weights are random (speed does not depend on them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class TeacherBench {

    /** Items per call. */
    @Param({"1", "16"})
    public int batch;

    /** Tower preset: small or default. */
    @Param({"small", "default"})
    public String preset;

    /** ONNX Runtime intra-op threads. */
    @Param({"2"})
    public int threads;

    private Path dir;
    private LockedTextTeacher teacher;
    private List<String> captions;
    private float[] pixels;

    /** Exports a random tower, loads the teacher and prepares inputs. */
    @Setup(Level.Trial)
    public void setUp() {
        ImageTowerConfig config = preset.equals("small")
                ? ImageTowerConfig.builder().imageSize(32).baseChannels(16).build()
                : ImageTowerConfig.builder().build();
        try {
            dir = Files.createTempDirectory("teacher-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = dir.resolve("tower.onnx");
        String textIdentity;
        try (MiniLmTextEncoder text = new MiniLmTextEncoder()) {
            textIdentity = text.identity();
        }
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            Engine.getEngine("PyTorch").setRandomSeed(1);
            ContrastiveImageModel model = new ContrastiveImageModel(config);
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, config.imageSize(), config.imageSize()));
            ImageTowerExport.write(model.tower(), textIdentity, Map.of(), file);
        }
        teacher = LockedTextTeacher.load(file, RuntimeConfig.builder().intraOpThreads(threads).interOpThreads(1).build(), batch);
        String[] words = {"red", "apple", "a picture of a", "smiling", "cat", "green", "hot dog", "bird"};
        SplittableRandom rng = new SplittableRandom(3);
        captions = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            captions.add("a " + words[rng.nextInt(words.length)] + " " + words[rng.nextInt(words.length)]);
        }
        pixels = new float[batch * 3 * config.imageSize() * config.imageSize()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) rng.nextDouble(-1, 1);
        }
    }

    /** Frees the models. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        teacher.close();
        Files.deleteIfExists(dir.resolve("tower.onnx"));
        Files.deleteIfExists(dir);
    }

    /** MiniLM embeddings of {@code batch} captions. */
    @Benchmark
    public float[][] textEmbeddings() {
        return teacher.embedTexts(captions);
    }

    /** Image tower embeddings of {@code batch} preprocessed images. */
    @Benchmark
    public float[][] imageEmbeddings() {
        return teacher.embedPixels(pixels, batch);
    }
}
