package org.speaktheart.diffusion.network;

import org.speaktheart.diffusion.sampling.Denoiser;
import org.speaktheart.diffusion.sampling.DenoiserInput;

/**
 * The sampler's view of an exported denoiser running in ONNX Runtime. Converts the sampler's 1-based
 * timesteps (x_t, t in 1..T) to the network's 0-based timestep input (t - 1) and fills the condition
 * of null-condition rows with zeros (the network ignores them). Thread-safe like {@link DenoiserModel};
 * it does not own the model.
 */
public final class OnnxDenoiser implements Denoiser {
    private final DenoiserModel model;

    /** Wraps a loaded model (closed by its owner, not here). */
    public OnnxDenoiser(DenoiserModel model) {
        if (model.config().crossAttention()) {
            throw new IllegalArgumentException("this denoiser needs a condition sequence; the pooled-condition sampler "
                    + "interface cannot feed it");
        }
        this.model = model;
    }

    @Override
    public int codebookSize() {
        return model.config().codebookSize();
    }

    @Override
    public float[] predict(DenoiserInput input) {
        DenoiserConfig c = model.config();
        if (input.length() != c.tokens()) {
            throw new IllegalArgumentException("grids of " + input.length() + " tokens given to a denoiser of "
                    + c.gridHeight() + "x" + c.gridWidth() + " = " + c.tokens());
        }
        return model.logProbs(DenoiserInputs.tokens(input), DenoiserInputs.timesteps(input),
                DenoiserInputs.condition(input, c.conditionDim()), input.nullCondition());
    }
}
