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
import org.speaktheart.core.nn.GroupNorm;
import org.speaktheart.core.nn.ResidualConvBlock;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.nn.Upsample;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * The VQ-VAE decoder: quantized latent {@code [B, D, s, s]} to image {@code [B, 3, s*f, s*f]} in the
 * configured pixel range (no output squashing: values outside the range are clamped when converted
 * to pixels). A 3x3 stem to the deepest width, a middle residual block, then from the deepest level
 * up: {@code resBlocksPerLevel} residual blocks and (except at full resolution) a 2x upsampling,
 * and finally GroupNorm, SiLU and a 3x3 convolution to RGB.
 */
public final class VqDecoder extends StaBlock {
    private final VqVaeConfig config;
    private final Conv2d stem;
    private final ResidualConvBlock mid;
    private final List<StaBlock> body = new ArrayList<>();
    private final List<String> bodyNames = new ArrayList<>();
    private final GroupNorm normOut;
    private final Conv2d toRgb;

    /** The decoder of a configuration. */
    public VqDecoder(VqVaeConfig config) {
        this.config = config;
        int levels = config.channelMultipliers().size();
        int channels = config.levelChannels(levels - 1);
        stem = addChildBlock("stem", new Conv2d(config.codeDim(), channels, 3));
        mid = addChildBlock("mid", new ResidualConvBlock(channels, channels, config.groups()));
        for (int level = levels - 1; level >= 0; level--) {
            int width = config.levelChannels(level);
            for (int r = 0; r < config.resBlocksPerLevel(); r++) {
                add("level" + level + ".res" + r, new ResidualConvBlock(channels, width, config.groups()));
                channels = width;
            }
            if (level > 0) {
                add("level" + level + ".up", new Upsample(channels));
            }
        }
        normOut = addChildBlock("normOut", new GroupNorm(config.groups(), channels));
        toRgb = addChildBlock("toRgb", new Conv2d(channels, 3, 3));
    }

    private void add(String name, StaBlock block) {
        body.add(addChildBlock(name, block));
        bodyNames.add(name);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = run(stem, ps, training, inputs.singletonOrThrow());
        h = run(mid, ps, training, h);
        for (StaBlock b : body) {
            h = run(b, ps, training, h);
        }
        h = AdaLayerNorm.silu(run(normOut, ps, training, h));
        return new NDList(run(toRgb, ps, training, h));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        int f = config.downsampleFactor();
        return new Shape[] {new Shape(s.get(0), 3, s.get(2) * f, s.get(3) * f)};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... inputs) {
        String h = stem.toOnnx(g, name + ".stem", inputs[0]);
        h = mid.toOnnx(g, name + ".mid", h);
        for (int i = 0; i < body.size(); i++) {
            h = body.get(i).toOnnx(g, name + "." + bodyNames.get(i), h);
        }
        h = g.silu(normOut.toOnnx(g, name + ".normOut", h));
        return toRgb.toOnnx(g, name + ".toRgb", h);
    }
}
