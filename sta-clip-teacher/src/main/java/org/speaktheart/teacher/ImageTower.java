package org.speaktheart.teacher;

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
 * The default teacher's image tower: a small residual CNN mapping {@code [B, 3, S, S]} normalised
 * pixels (see {@link ImagePreprocessing}) to unit-length {@code [B, embeddingDim]} embeddings.
 *
 * <p>Layout: 3x3 conv to {@code baseChannels}; per level a {@link ResidualConvBlock} to that
 * level's channels, followed by a stride-2 {@link Downsample} on every level but the last;
 * GroupNorm + SiLU; global average pool over H and W; {@link Linear} projection; L2 normalisation.
 */
public final class ImageTower extends StaBlock {
    private final ImageTowerConfig config;
    private final Conv2d stem;
    private final List<ResidualConvBlock> blocks = new ArrayList<>();
    private final List<Downsample> downs = new ArrayList<>();
    private final GroupNorm norm;
    private final Linear projection;
    private final L2Normalize normalize;

    /** A tower of the given shape (parameters uninitialised until {@code initialize}). */
    public ImageTower(ImageTowerConfig config) {
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
        this.projection = addChildBlock("proj", new Linear(c, config.embeddingDim()));
        this.normalize = addChildBlock("l2", new L2Normalize());
    }

    /** The configuration. */
    public ImageTowerConfig config() {
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
        return new NDList(run(normalize, ps, training, run(projection, ps, training, pooled)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.embeddingDim())};
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
        return normalize.toOnnx(g, name + ".l2", projection.toOnnx(g, name + ".proj", pooled));
    }
}
