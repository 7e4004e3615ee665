package org.speaktheart.vqvae;

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
import org.speaktheart.core.nn.ResidualConvBlock;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * The VQ-VAE encoder: image {@code [B, 3, S, S]} to latent {@code [B, D, S/f, S/f]} (D = code
 * dimension, f = downsampling factor). A 3x3 stem, then per level {@code resBlocksPerLevel}
 * residual blocks and (except at the last level) a stride-2 downsampling, a middle residual block,
 * GroupNorm, SiLU and a 1x1 projection to the code dimension.
 */
public final class VqEncoder extends StaBlock {
    private final VqVaeConfig config;
    private final Conv2d stem;
    private final List<StaBlock> body = new ArrayList<>();
    private final List<String> bodyNames = new ArrayList<>();
    private final ResidualConvBlock mid;
    private final GroupNorm normOut;
    private final Conv2d project;

    /** The encoder of a configuration. */
    public VqEncoder(VqVaeConfig config) {
        this.config = config;
        int levels = config.channelMultipliers().size();
        int channels = config.levelChannels(0);
        stem = addChildBlock("stem", new Conv2d(3, channels, 3));
        for (int level = 0; level < levels; level++) {
            int width = config.levelChannels(level);
            for (int r = 0; r < config.resBlocksPerLevel(); r++) {
                add("level" + level + ".res" + r, new ResidualConvBlock(channels, width, config.groups()));
                channels = width;
            }
            if (level < levels - 1) {
                add("level" + level + ".down", new Downsample(channels));
            }
        }
        mid = addChildBlock("mid", new ResidualConvBlock(channels, channels, config.groups()));
        normOut = addChildBlock("normOut", new GroupNorm(config.groups(), channels));
        project = addChildBlock("project", new Conv2d(channels, config.codeDim(), 1));
    }

    private void add(String name, StaBlock block) {
        body.add(addChildBlock(name, block));
        bodyNames.add(name);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = run(stem, ps, training, inputs.singletonOrThrow());
        for (StaBlock b : body) {
            h = run(b, ps, training, h);
        }
        h = run(mid, ps, training, h);
        h = AdaLayerNorm.silu(run(normOut, ps, training, h));
        return new NDList(run(project, ps, training, h));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        int f = config.downsampleFactor();
        return new Shape[] {new Shape(s.get(0), config.codeDim(), s.get(2) / f, s.get(3) / f)};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String h = stem.toOnnx(g, name + ".stem", inputs[0]);
        for (int i = 0; i < body.size(); i++) {
            h = body.get(i).toOnnx(g, name + "." + bodyNames.get(i), h);
        }
        h = mid.toOnnx(g, name + ".mid", h);
        h = g.silu(normOut.toOnnx(g, name + ".normOut", h));
        return project.toOnnx(g, name + ".project", h);
    }
}
