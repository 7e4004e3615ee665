package org.speaktheart.encoder.langid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.speaktheart.core.nn.Linear;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * The language classifier: pooled frames {@code [B, F]} (see {@link FramePooling}) are standardised
 * with fixed per-feature statistics of the training clips, {@code z = (x - mean) * invStd}, then
 * mapped to language logits {@code [B, L]} by one {@link Linear} layer (multinomial logistic
 * regression), divided by a temperature T (1 until {@link #calibrate} sets it on held-out clips, so
 * that the softmax probabilities match how often the classifier is right). The statistics and T are
 * constants of the network, not trained, and are exported with it.
 */
public final class LanguageIdNetwork extends StaBlock {
    private final float[] mean;
    private final float[] invStd;
    private final Linear head;
    private float temperature = 1f;

    /**
     * A classifier over {@code mean.length} features into {@code languages} classes.
     *
     * @param mean per-feature mean of the training features
     * @param invStd per-feature 1 / standard deviation (finite, > 0)
     * @param languages number of classes (>= 2)
     */
    public LanguageIdNetwork(float[] mean, float[] invStd, int languages) {
        if (mean.length == 0 || mean.length != invStd.length) {
            throw new IllegalArgumentException("mean and invStd need the same non-zero length, got " + mean.length + " and "
                    + invStd.length);
        }
        if (languages < 2) {
            throw new IllegalArgumentException("a language classifier needs at least 2 languages, got " + languages);
        }
        this.mean = mean.clone();
        this.invStd = invStd.clone();
        this.head = addChildBlock("head", new Linear(mean.length, languages));
    }

    /**
     * Sets the temperature the logits are divided by (argmax unchanged).
     *
     * @param t the temperature, finite and > 0
     */
    void calibrate(double t) {
        if (!(t > 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, got " + t);
        }
        temperature = (float) t;
    }

    /** The temperature T the logits are divided by. */
    public double temperature() {
        return temperature;
    }

    /** Input features F. */
    public int featureDim() {
        return mean.length;
    }

    /** Number of languages L. */
    public int languages() {
        return (int) head.outFeatures();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // [B, F]
        NDArray z = x.sub(x.getManager().create(mean)).mul(x.getManager().create(invStd));
        return new NDList(run(head, ps, training, z).div(temperature)); // [B, L]
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return lastAxis(inputShapes, head.outFeatures());
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String centred = g.sub(inputs[0], g.initializer(name + ".mean", mean, mean.length));
        String z = g.mul(centred, g.initializer(name + ".invStd", invStd, invStd.length));
        return g.div(head.toOnnx(g, name + ".head", z), g.scalar(temperature));
    }
}
