package org.speaktheart.diffusion.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.speaktheart.core.nn.LayerNorm;
import org.speaktheart.core.nn.LearnedPositionEmbedding;
import org.speaktheart.core.nn.Linear;
import org.speaktheart.core.nn.SinusoidalEmbedding;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.nn.TokenEmbedding;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * The VQ-Diffusion denoiser network: token grid at step t plus a condition to logits of x0.
 *
 * <p>Inputs (in order): tokens {@code [B, N]} int64 (ids 0..K, K = [MASK]); timesteps {@code [B]}
 * int64 (0..T-1); condition {@code [B, C]} float; nullCondition {@code [B]} boolean (true: use the
 * learned null condition instead of the given one, for condition dropout in training and the
 * unconditional branch of classifier-free guidance); with cross-attention also the condition
 * sequence {@code [B, S, Cs]} and optionally its padding mask {@code [B, S]}.
 * Output: logits {@code [B, N, K]} over the K real tokens (never [MASK]).
 *
 * <p>Position embeddings are learned per grid cell (row-major), i.e. a learned 2-D embedding. The pooled
 * condition (or the null condition) is multiplied by {@link DenoiserConfig#conditionScale()} before the blocks.
 * With {@link DenoiserConfig#conditionTokens()} S > 0 it is also projected to {@code [B, S, d]} condition tokens
 * placed before the grid's N cells, so the blocks run on {@code [B, S + N, d]}; the logits are read from the
 * grid cells only.
 */
public final class DenoiserNetwork extends StaBlock {
    private final DenoiserConfig config;
    private final TokenEmbedding tokens;
    private final LearnedPositionEmbedding positions;
    private final SinusoidalEmbedding timeEmbedding;
    private final Parameter nullCondition;
    private final Linear conditionTokens;
    private final List<DenoiserBlock> blocks = new ArrayList<>();
    private final LayerNorm outputNorm;
    private final Linear toLogits;

    /** A network shaped by the configuration (parameters uninitialised until {@code initialize}). */
    public DenoiserNetwork(DenoiserConfig config) {
        this.config = config;
        this.tokens = addChildBlock("tokens", new TokenEmbedding(config.codebookSize() + 1L, config.width()));
        this.positions = addChildBlock("positions", new LearnedPositionEmbedding(config.tokens(), config.width()));
        this.timeEmbedding = addChildBlock("time", new SinusoidalEmbedding(config.width()));
        this.nullCondition = parameter("nullCondition", Parameter.Type.WEIGHT, new NormalInitializer(0.02f),
                config.conditionDim());
        this.conditionTokens = config.conditionTokens() == 0 ? null : addChildBlock("conditionTokens",
                new Linear(config.conditionDim(), (long) config.conditionTokens() * config.width()));
        for (int i = 0; i < config.depth(); i++) {
            blocks.add(addChildBlock("block" + i, new DenoiserBlock(config)));
        }
        this.outputNorm = addChildBlock("outputNorm", new LayerNorm(config.width()));
        this.toLogits = addChildBlock("toLogits", new Linear(config.width(), config.codebookSize()));
    }

    /** The configuration. */
    public DenoiserConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        NDArray ids = in.get(0);
        NDArray cond = in.get(2);
        NDArray useNull = in.get(3).expandDims(1).broadcast(cond.getShape());     // [B, C]
        NDArray nul = onManagerOf(value(ps, nullCondition, cond, training).expandDims(0), cond); // [1, C]
        cond = NDArrays.where(useNull, nul.broadcast(cond.getShape()), cond);       // [B, C]
        if (config.conditionScale() != 1f) {
            cond = cond.mul(config.conditionScale());
        }
        NDArray temb = run(timeEmbedding, ps, training, in.get(1));                // [B, d]
        NDArray h = run(positions, ps, training, run(tokens, ps, training, ids));   // [B, N, d]
        int s = config.conditionTokens();
        if (conditionTokens != null) {
            NDArray ct = run(conditionTokens, ps, training, cond).reshape(-1, s, config.width()); // [B, S, d]
            h = ct.concat(h, 1);                                                    // [B, S + N, d]
        }
        for (DenoiserBlock block : blocks) {
            NDList blockIn = new NDList(h, temb, cond);
            for (int i = 4; i < in.size(); i++) {
                blockIn.add(in.get(i));
            }
            h = block.forward(ps, blockIn, training).singletonOrThrow();
        }
        if (conditionTokens != null) {
            h = h.get(":, " + s + ":, :");                                           // [B, N, d]
        }
        return new NDList(run(toLogits, ps, training, run(outputNorm, ps, training, h))); // [B, N, K]
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.tokens(), config.codebookSize())};
    }

    @Override
    public String toOnnx(OnnxGraphBuilder g, String name, String... in) {
        String nul = g.unsqueeze(export(g, name, nullCondition), 0);          // [1, C]
        String cond = g.where(g.unsqueeze(in[3], 1), nul, in[2]);              // [B, C]
        if (config.conditionScale() != 1f) {
            cond = g.mul(cond, g.scalar(config.conditionScale()));
        }
        String temb = timeEmbedding.toOnnx(g, name + ".time", in[1]);
        String h = positions.toOnnx(g, name + ".positions", tokens.toOnnx(g, name + ".tokens", in[0]));
        int s = config.conditionTokens();
        if (conditionTokens != null) {
            String ct = g.reshape(conditionTokens.toOnnx(g, name + ".conditionTokens", cond), -1, s, config.width());
            h = g.concat(1, ct, h);
        }
        for (int i = 0; i < blocks.size(); i++) {
            String[] blockIn = new String[in.length - 1];
            blockIn[0] = h;
            blockIn[1] = temb;
            blockIn[2] = cond;
            System.arraycopy(in, 4, blockIn, 3, in.length - 4);
            h = blocks.get(i).toOnnx(g, name + ".block" + i, blockIn);
        }
        if (conditionTokens != null) {
            h = g.slice(h, new long[] {s}, new long[] {(long) s + config.tokens()}, new long[] {1});
        }
        return toLogits.toOnnx(g, name + ".toLogits", outputNorm.toOnnx(g, name + ".outputNorm", h));
    }
}
