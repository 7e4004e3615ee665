package org.speaktheart.bench.vqvae;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.concurrent.TimeUnit;
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
import org.speaktheart.vqvae.VqVae;
import org.speaktheart.vqvae.VqVaeConfig;
import org.speaktheart.vqvae.VqVaeLoss;

/**
 * Forward plus backward pass of the VQ-VAE on DJL/PyTorch (CPU) for one batch of 64x64 images: the
 * measurement that chose the {@code tiny} preset's token grid. {@code tokens=16} is the tiny preset
 * (downsampling 4); {@code tokens=8} adds one level (downsampling 8, widths 32/64/64/128).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VqVaeTrainStepBench {

    /** Token grid side. */
    @Param({"16", "8"})
    public int tokens;

    /** Images per batch. */
    @Param({"32"})
    public int batch;

    private NDManager manager;
    private VqVae model;
    private VqVaeLoss loss;
    private NDArray images;

    /** Builds and initialises the network and a random batch. */
    @Setup(Level.Trial)
    public void setUp() {
        VqVaeConfig config = tokens == 16 ? VqVaeConfig.tiny()
                : VqVaeConfig.tiny().toBuilder().channelMultipliers(1, 2, 2, 4).build();
        manager = Engine.getEngine("PyTorch").newBaseManager();
        model = new VqVae(config);
        Shape shape = new Shape(batch, 3, config.imageSize(), config.imageSize());
        model.initialize(manager, DataType.FLOAT32, shape);
        loss = new VqVaeLoss(config);
        images = manager.randomUniform(-1f, 1f, shape);
    }

    /** One forward and backward pass; returns the loss so the work is not eliminated. */
    @Benchmark
    public float forwardBackward() {
        try (NDManager step = manager.newSubManager();
             GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray x = images.duplicate();
            x.attach(step);
            NDList out = model.forward(new ParameterStore(step, false), new NDList(x), true);
            NDArray total = loss.evaluate(x, out).total();
            gc.backward(total);
            return total.getFloat();
        }
    }

    /** Releases native memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }
}
