package org.speaktheart.diffusion.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.speaktheart.core.nn.AdaLayerNorm;
import org.speaktheart.core.nn.FeedForward;
import org.speaktheart.core.nn.LayerNorm;
import org.speaktheart.core.nn.MultiHeadAttention;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * One denoiser block as in STA's generator:
 * {@code x += selfAttn(AdaLN_t(x, temb))}; optionally {@code x += crossAttn(LN(x), condSeq, mask)};
 * {@code x += mlp(AdaLN_c(x, cond))}. The timestep steers attention, the condition steers the MLP.
 * Inputs: x {@code [B, N, d]}, temb {@code [B, d]}, cond {@code [B, C]}, and with cross-attention
 * condSeq {@code [B, S, Cs]} and an optional padding mask {@code [B, S]}.
 */
public final class DenoiserBlock extends StaBlock {
    private final AdaLayerNorm timeNorm;
    private final MultiHeadAttention selfAttention;
    private final LayerNorm crossNorm;
    private final MultiHeadAttention crossAttention;
    private final AdaLayerNorm conditionNorm;
    private final FeedForward mlp;
    private final float dropout;

    /** A block shaped by the configuration. */
    public DenoiserBlock(DenoiserConfig c) {
        this.timeNorm = addChildBlock("timeNorm", new AdaLayerNorm(c.width(), c.width()));
        this.selfAttention = addChildBlock("selfAttention", new MultiHeadAttention(c.width(), c.heads()));
        if (c.crossAttention()) {
            this.crossNorm = addChildBlock("crossNorm", new LayerNorm(c.width()));
            this.crossAttention = addChildBlock("crossAttention",
                    new MultiHeadAttention(c.width(), c.heads(), c.conditionSequenceDim()));
        } else {
            this.crossNorm = null;
            this.crossAttention = null;
        }
        this.conditionNorm = addChildBlock("conditionNorm", new AdaLayerNorm(c.width(), c.conditionDim()));
        this.mlp = addChildBlock("mlp", new FeedForward(c.width(), (long) c.mlpRatio() * c.width(), c.dropout()));
        this.dropout = c.dropout();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray x = in.get(0);
        NDArray temb = in.get(1);
        NDArray cond = in.get(2);
        NDArray h = timeNorm.forward(ps, new NDList(x, temb), training).singletonOrThrow();
        x = x.add(dropout(selfAttention.forward(ps, new NDList(h, h), training).singletonOrThrow(), dropout, training));
        if (crossAttention != null) {
            NDList crossIn = new NDList(run(crossNorm, ps, training, x), in.get(3));
            if (in.size() > 4) {
                crossIn.add(in.get(4));
            }
            x = x.add(dropout(crossAttention.forward(ps, crossIn, training).singletonOrThrow(), dropout, training));
        }
        h = conditionNorm.forward(ps, new NDList(x, cond), training).singletonOrThrow();
        return new NDList(x.add(dropout(run(mlp, ps, training, h), dropout, training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... in) {
        String x = in[0];
        String h = timeNorm.toOnnx(g, name + ".timeNorm", x, in[1]);
        x = g.add(x, selfAttention.toOnnx(g, name + ".selfAttention", h, h));
        if (crossAttention != null) {
            String mask = in.length > 4 ? in[4] : null;
            x = g.add(x, crossAttention.toOnnx(g, name + ".crossAttention",
                    crossNorm.toOnnx(g, name + ".crossNorm", x), in[3], mask));
        }
        h = conditionNorm.toOnnx(g, name + ".conditionNorm", x, in[2]);
        return g.add(x, mlp.toOnnx(g, name + ".mlp", h));
    }
}
