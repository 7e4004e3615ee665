package org.speaktheart.encoder.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.speaktheart.core.nn.LayerNorm;
import org.speaktheart.core.nn.LearnedPositionEmbedding;
import org.speaktheart.core.nn.Linear;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.nn.TransformerLayer;
import org.speaktheart.core.onnx.Attr;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * The speech encoder network (see {@link SpeechEncoderConfig} for the layout).
 *
 * <p>Inputs: features {@code [B, T, F]} (or {@code [B, L, T, F]} for an external front end) and
 * the padding mask {@code [B, T]} (boolean, true = padding). Outputs, in order: the embedding
 * {@code [B, D]} (L2-normalised), the per-frame sequence {@code [B, T', width]} after the final
 * LayerNorm (padded frames zeroed; for cross-attention conditioning) and its mask {@code [B, T']}.
 *
 * <p>It also holds the contrastive temperature as a learnable log logit scale (CLIP's
 * parameterisation, initialised to {@code ln(1 / 0.07)}), used by training only and not exported.
 * Optionally it holds a CTC head, also training only and not exported: a Linear from each frame of
 * the sequence to {@link #CTC_SLOTS_PER_FRAME} x {@code ctcClasses} logits, which an auxiliary CTC
 * loss over the caption's characters reads (so the frames must carry what was said, whoever said it).
 */
public final class SpeechEncoderNetwork extends StaBlock {
    /** Initial temperature of the contrastive loss (CLIP's). */
    public static final float INITIAL_TEMPERATURE = 0.07f;
    /** Epsilon inside the L2 norm: {@code e / sqrt(sum(e^2) + eps)}. */
    public static final float NORM_EPS = 1e-12f;
    /**
     * CTC output slots per frame of the sequence: with 3 stride-2 convolutions a frame spans 80 ms,
     * shorter than most letters take to say but not by enough for CTC's blanks; two slots per frame
     * give 40 ms slots.
     */
    public static final int CTC_SLOTS_PER_FRAME = 2;

    private final SpeechEncoderConfig config;
    private final LayerWeightedSum layerSum;
    private final TimeSubsampling subsampling;
    private final ClsToken cls;
    private final LearnedPositionEmbedding positions;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Linear projection;
    private final Parameter logitScale;
    private final int ctcClasses;
    private final Linear ctcHead;

    /** A network shaped by the configuration (parameters uninitialised until {@code initialize}). */
    public SpeechEncoderNetwork(SpeechEncoderConfig config) {
        this(config, 0);
    }

    /**
     * A network with a training-only CTC head over {@code ctcClasses} classes (blank included),
     * or none for 0.
     */
    public SpeechEncoderNetwork(SpeechEncoderConfig config, int ctcClasses) {
        if (ctcClasses < 0 || ctcClasses == 1) {
            throw new org.speaktheart.encoder.EncoderConfigException("ctcClasses must be 0 (no CTC head) or >= 2, got "
                    + ctcClasses);
        }
        this.config = config;
        this.ctcClasses = ctcClasses;
        this.layerSum = config.frontEnd() == SpeechEncoderConfig.FrontEndKind.EXTERNAL
                ? addChildBlock("layerSum", new LayerWeightedSum(config.frontEndLayers())) : null;
        this.subsampling = addChildBlock("subsampling",
                new TimeSubsampling(config.featureDim(), config.width(), config.subsamplingLayers()));
        this.cls = addChildBlock("cls", new ClsToken(config.width()));
        this.positions = addChildBlock("positions",
                new LearnedPositionEmbedding(config.subsampledFrames(config.maxInputFrames()) + 1L, config.width()));
        for (int i = 0; i < config.layers(); i++) {
            layers.add(addChildBlock("layer" + i,
                    new TransformerLayer(config.width(), config.heads(), config.mlpHidden(), config.dropout())));
        }
        this.finalNorm = addChildBlock("finalNorm", new LayerNorm(config.width()));
        this.projection = addChildBlock("projection", new Linear(config.width(), config.outputDim()));
        this.logitScale = parameter("logitScale", Parameter.Type.OTHER,
                new ConstantInitializer((float) Math.log(1.0 / INITIAL_TEMPERATURE)), 1);
        this.ctcHead = ctcClasses > 0
                ? addChildBlock("ctcHead", new Linear(config.width(), (long) CTC_SLOTS_PER_FRAME * ctcClasses)) : null;
    }

    /** Initialises every parameter (float32, on {@code manager}) and returns this network. */
    public SpeechEncoderNetwork initializeParameters(NDManager manager) {
        Shape features = config.frontEnd() == SpeechEncoderConfig.FrontEndKind.EXTERNAL
                ? new Shape(1, config.frontEndLayers(), 8, config.featureDim()) : new Shape(1, 8, config.featureDim());
        initialize(manager, DataType.FLOAT32, features, new Shape(1, 8));
        return this;
    }

    /** Classes of the CTC head, 0 when there is none. */
    public int ctcClasses() {
        return ctcClasses;
    }

    /**
     * CTC log-probabilities of the frame sequence: {@code [B, T' x CTC_SLOTS_PER_FRAME, ctcClasses]}
     * (log-softmax over the classes; slot {@code 2t + j} is the j-th slot of frame t).
     *
     * @param frames {@code [B, T', width]}, the second output of the forward pass
     */
    public NDArray ctcLogProbs(ParameterStore ps, NDArray frames, boolean training) {
        if (ctcHead == null) {
            throw new IllegalStateException("this network has no CTC head (built with ctcClasses 0)");
        }
        Shape s = frames.getShape();
        return run(ctcHead, ps, training, frames)
                .reshape(s.get(0), s.get(1) * CTC_SLOTS_PER_FRAME, ctcClasses).logSoftmax(-1);
    }

    /** The configuration. */
    public SpeechEncoderConfig config() {
        return config;
    }

    /** The Transformer layers, lowest first (language adaptation freezes a prefix of them). */
    public List<TransformerLayer> transformerLayers() {
        return List.copyOf(layers);
    }

    /** The blocks below the Transformer (front-end sum, subsampling, [CLS], positions). */
    public List<StaBlock> inputBlocks() {
        List<StaBlock> out = new ArrayList<>();
        if (layerSum != null) {
            out.add(layerSum);
        }
        out.add(subsampling);
        out.add(cls);
        out.add(positions);
        return out;
    }

    /** The contrastive temperature the learnable log logit scale holds now, {@code exp(-logitScale)}. */
    public double temperature() {
        return Math.exp(-logitScale.getArray().getFloat(0));
    }

    /**
     * Sets the contrastive temperature, e.g. to the one a run ended with when training continues from
     * an export (which does not hold it).
     *
     * @param temperature in (0, 1]
     */
    public void setTemperature(double temperature) {
        if (!(temperature > 0 && temperature <= 1)) {
            throw new IllegalArgumentException("temperature must be in (0, 1], got " + temperature);
        }
        NDArray a = logitScale.getArray();
        try (NDArray v = a.getManager().create(new float[] {(float) Math.log(1.0 / temperature)}, a.getShape())) {
            v.copyTo(a);
        }
    }

    /** The learnable log logit scale {@code [1]} for this pass, on the manager of {@code like}. */
    public NDArray logitScale(ParameterStore ps, NDArray like, boolean training) {
        return value(ps, logitScale, like, training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        long maxT = config.maxInputFrames();
        long t = mask.getShape().get(1);
        if (t > maxT) {
            throw new IllegalArgumentException("input of " + t + " frames exceeds maxInputFrames " + maxT);
        }
        if (layerSum != null) {
            x = run(layerSum, ps, training, x); // [B, T, F]
        }
        NDArray h = subsampling.forward(ps, new NDList(x, mask), training).singletonOrThrow(); // [B, T', d]
        NDArray frameMask = mask;
        for (int i = 0; i < config.subsamplingLayers(); i++) {
            frameMask = FrameMasks.halve(frameMask);
        }
        h = run(positions, ps, training, run(cls, ps, training, h)); // [B, 1 + T', d]
        NDArray fullMask = ClsToken.prependMask(frameMask);          // [B, 1 + T']
        for (TransformerLayer layer : layers) {
            h = layer.forward(ps, new NDList(h, fullMask), training).singletonOrThrow();
        }
        h = run(finalNorm, ps, training, h);
        NDArray clsState = h.get(new NDIndex(":, 0, :"));                                        // [B, d]
        NDArray frames = FrameMasks.zeroPadded(h.get(new NDIndex(":, 1:, :")), frameMask);       // [B, T', d]
        NDArray e = run(projection, ps, training, clsState);                                     // [B, D]
        e = e.div(e.square().sum(new int[] {-1}, true).add(NORM_EPS).sqrt());
        return new NDList(e, frames, frameMask);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        long t = config.subsampledFrames((int) inputShapes[1].get(1));
        return new Shape[] {new Shape(b, config.outputDim()), new Shape(b, t, config.width()), new Shape(b, t)};
    }

    /** The three output values of the exported graph. */
    public record OnnxOutputs(String embedding, String frames, String frameMask) {
    }

    /** Writes the whole network and returns the names of its three outputs. */
    public OnnxOutputs toOnnxOutputs(OnnxGraphBuilder g, String name, String features, String mask) {
        String x = layerSum == null ? features : layerSum.toOnnx(g, name + ".layerSum", features);
        String h = subsampling.toOnnx(g, name + ".subsampling", x, mask);
        String frameMask = mask;
        for (int i = 0; i < config.subsamplingLayers(); i++) {
            frameMask = FrameMasks.halve(g, frameMask);
        }
        h = positions.toOnnx(g, name + ".positions", cls.toOnnx(g, name + ".cls", h));
        String fullMask = ClsToken.prependMask(g, frameMask);
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).toOnnx(g, name + ".layer" + i, h, fullMask);
        }
        h = finalNorm.toOnnx(g, name + ".finalNorm", h);
        String clsState = g.gather(h, g.initializerInt64("cls_index", new long[] {0}), 1);  // [B, d]
        String frames = FrameMasks.zeroPadded(g,
                g.slice(h, new long[] {1}, new long[] {Long.MAX_VALUE}, new long[] {1}), frameMask); // [B, T', d]
        String e = projection.toOnnx(g, name + ".projection", clsState);                   // [B, D]
        String sumSq = g.node("ReduceSum", null, List.of(g.mul(e, e), g.int64s(-1)), Attr.i("keepdims", 1));
        e = g.div(e, g.unary("Sqrt", g.add(sumSq, g.scalar(NORM_EPS))));
        return new OnnxOutputs(e, frames, frameMask);
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        return toOnnxOutputs(g, name, inputs[0], inputs[1]).embedding();
    }
}
