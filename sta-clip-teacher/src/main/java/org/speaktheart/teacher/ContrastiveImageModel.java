package org.speaktheart.teacher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * What the image tower trainer optimises: the {@link ImageTower} plus CLIP's learnable temperature,
 * stored as {@code logit_scale = ln(1 / T)} with {@code T} initialised to 0.07 and the scale
 * {@code exp(logit_scale)} clamped at 100 (CLIP's rule against instability).
 *
 * <p>Forward: images {@code [B, 3, S, S]} to {@code [embeddings [B, D], scale [1]]}. The ONNX
 * export is the tower alone (the temperature is a training quantity).
 */
public final class ContrastiveImageModel extends StaBlock {
    /** Initial temperature, as in CLIP. */
    public static final double INITIAL_TEMPERATURE = 0.07;
    /** Upper bound of {@code exp(logit_scale)}. */
    public static final float MAX_SCALE = 100f;

    private final ImageTower tower;
    private final Parameter logitScale;

    /** Wraps a fresh tower of the given shape. */
    public ContrastiveImageModel(ImageTowerConfig config) {
        this.tower = addChildBlock("tower", new ImageTower(config));
        this.logitScale = parameter("logit_scale", Parameter.Type.OTHER,
                new ConstantInitializer((float) Math.log(1 / INITIAL_TEMPERATURE)), 1);
    }

    /** The tower being trained. */
    public ImageTower tower() {
        return tower;
    }

    /** The current multiplier of the cosine similarities, {@code min(exp(logit_scale), 100)}. */
    public float scale() {
        return Math.min((float) Math.exp(logitScale.getArray().getFloat(0)), MAX_SCALE);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray embeddings = run(tower, ps, training, x);
        NDArray scale = onManagerOf(value(ps, logitScale, x, training).exp().minimum(MAX_SCALE), x); // [1]
        return new NDList(embeddings, scale);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {tower.getOutputShapes(inputShapes)[0], new Shape(1)};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        return tower.toOnnx(g, name, inputs);
    }
}
