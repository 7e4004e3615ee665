package org.speaktheart.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test fixture: a 2-layer MLP (2 -> hidden -> 1, ReLU, optional dropout) regressing
 * {@code y = sin(2 x0) + 0.5 x1} on inputs uniform in [-1, 1]^2, with mean squared error.
 */
final class ToyRegression implements TrainingTask {

    static final int BATCH = 32;

    private final Block block;

    ToyRegression(Block block) {
        this.block = block;
    }

    /** The MLP with weights drawn from the engine seeded with {@code initSeed}. */
    static Block mlp(NDManager manager, int hidden, float dropout, int initSeed) {
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.reluBlock());
        if (dropout > 0) {
            block.add(Dropout.builder().optRate(dropout).build());
        }
        block.add(Linear.builder().setUnits(1).build());
        block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        Engine.getEngine(TrainingLoop.ENGINE).setRandomSeed(initSeed);
        block.initialize(manager, DataType.FLOAT32, new Shape(BATCH, 2));
        return block;
    }

    /** Inputs [n, 2] and targets [n, 1] drawn from {@code random}. */
    static NDList sample(SplittableRandom random, NDManager manager, int n) {
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            float x0 = (float) random.nextDouble(-1, 1);
            float x1 = (float) random.nextDouble(-1, 1);
            x[2 * i] = x0;
            x[2 * i + 1] = x1;
            y[i] = (float) (Math.sin(2 * x0) + 0.5 * x1);
        }
        return new NDList(manager.create(x, new Shape(n, 2)), manager.create(y, new Shape(n, 1)));
    }

    @Override
    public NDList batch(long step, SplittableRandom random, NDManager manager) {
        return sample(random, manager, BATCH);
    }

    @Override
    public StepOutput loss(ParameterStore parameters, NDList batch, boolean training) {
        NDArray prediction = block.forward(parameters, new NDList(batch.get(0)), training).singletonOrThrow();
        return StepOutput.of(prediction.sub(batch.get(1)).square().mean()); // [B, 1] -> scalar
    }

    /** Copies of all parameter values, in block order. */
    static List<float[]> snapshot(Block block) {
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            values.add(p.getValue().getArray().toFloatArray());
        }
        return values;
    }
}
