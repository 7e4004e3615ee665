package org.speaktheart.bench.vqvae;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.vqvae.ImageTokenizer;
import org.speaktheart.vqvae.TokenGrid;
import org.speaktheart.vqvae.VqVae;
import org.speaktheart.vqvae.VqVaeConfig;
import org.speaktheart.vqvae.VqVaeExporter;

/**
 * {@link ImageTokenizer} on ONNX Runtime (CPU) at the {@code tiny} preset: encode a batch of 64x64
 * images to 16x16 token grids, and decode the grids back, including the image/tensor conversions.
 * The network is exported with seeded random weights (same graph and cost as a trained one).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TokenizerBench {

    /** Images per call. */
    @Param({"16"})
    public int batch;

    /** ONNX Runtime intra-op threads. */
    @Param({"2"})
    public int threads;

    private Path dir;
    private ImageTokenizer tokenizer;
    private List<BufferedImage> images;
    private List<TokenGrid> grids;

    /** Exports the tiny preset and opens the tokenizer. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        VqVaeConfig config = VqVaeConfig.tiny();
        dir = Files.createTempDirectory("sta-vqvae-bench");
        Engine.getEngine("PyTorch").setRandomSeed(1);
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            VqVae model = new VqVae(config);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            VqVaeExporter.export(model, dir, Map.of("purpose", "benchmark"));
        }
        tokenizer = ImageTokenizer.open(dir.resolve(VqVaeExporter.ENCODER_FILE), dir.resolve(VqVaeExporter.DECODER_FILE),
                RuntimeConfig.builder().intraOpThreads(threads).build());
        images = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < batch; i++) {
            BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
            g.fillOval(r.nextInt(16), r.nextInt(16), 32 + r.nextInt(16), 32 + r.nextInt(16));
            g.dispose();
            images.add(img);
        }
        grids = tokenizer.encodeAll(images);
    }

    /** Images to token grids. */
    @Benchmark
    public List<TokenGrid> encode() {
        return tokenizer.encodeAll(images);
    }

    /** Token grids to images. */
    @Benchmark
    public List<BufferedImage> decode() {
        return tokenizer.decodeAll(grids);
    }

    /** Closes the sessions and deletes the exported files. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        tokenizer.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
