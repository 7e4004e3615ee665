package org.speaktheart.pipeline.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.speaktheart.core.nn.AdaLayerNorm;
import org.speaktheart.core.nn.Conv2d;
import org.speaktheart.core.nn.Downsample;
import org.speaktheart.core.nn.GroupNorm;
import org.speaktheart.core.nn.Linear;
import org.speaktheart.core.nn.ResidualConvBlock;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * The judge: a small residual CNN classifying {@code [B, 3, S, S]} images (preprocessed to [-1, 1])
 * into {@code [B, classes]} concept logits. Independent of the generator and of the teacher: it is
 * trained only on the manifest's training pictures with a cross-entropy loss.
 *
 * <p>Layout: 3x3 stem conv; per level a {@link ResidualConvBlock} to that level's channels and a
 * stride-2 {@link Downsample} on every level but the last; GroupNorm + SiLU; global average pool;
 * {@link Linear} to the logits.
 */
public final class JudgeNetwork extends StaBlock {
    private final JudgeConfig config;
    private final Conv2d stem;
    private final List<ResidualConvBlock> blocks = new ArrayList<>();
    private final List<Downsample> downs = new ArrayList<>();
    private final GroupNorm norm;
    private final Linear head;

    /** A network of the given shape (parameters uninitialised until {@code initialize}). */
    public JudgeNetwork(JudgeConfig config) {
        this.config = config;
        int[] mult = config.channelMultipliers();
        int c = config.baseChannels();
        this.stem = addChildBlock("stem", new Conv2d(3, c, 3));
        for (int level = 0; level < mult.length; level++) {
            int out = config.baseChannels() * mult[level];
            blocks.add(addChildBlock("res" + level, new ResidualConvBlock(c, out, config.groups())));
            c = out;
            if (level < mult.length - 1) {
                downs.add(addChildBlock("down" + level, new Downsample(c)));
            }
        }
        this.norm = addChildBlock("norm", new GroupNorm(config.groups(), c));
        this.head = addChildBlock("head", new Linear(c, config.classes()));
    }

    /** The configuration. */
    public JudgeConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = run(stem, ps, training, inputs.singletonOrThrow()); // [B, C, S, S]
        for (int level = 0; level < blocks.size(); level++) {
            h = run(blocks.get(level), ps, training, h);
            if (level < downs.size()) {
                h = run(downs.get(level), ps, training, h);
            }
        }
        h = AdaLayerNorm.silu(run(norm, ps, training, h));
        Shape s = h.getShape();
        NDArray pooled = h.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}); // [B, C, H*W] -> [B, C]
        return new NDList(run(head, ps, training, pooled)); // [B, classes]
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.classes())};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String h = stem.toOnnx(g, name + ".stem", inputs[0]);
        for (int level = 0; level < blocks.size(); level++) {
            h = blocks.get(level).toOnnx(g, name + ".res" + level, h);
            if (level < downs.size()) {
                h = downs.get(level).toOnnx(g, name + ".down" + level, h);
            }
        }
        h = g.silu(norm.toOnnx(g, name + ".norm", h));
        String pooled = g.reduceMean(h, false, 2, 3); // [B, C]
        return head.toOnnx(g, name + ".head", pooled);
    }
}
