package org.speaktheart.diffusion.network;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.speaktheart.diffusion.sampling.Denoiser;
import org.speaktheart.diffusion.sampling.DenoiserInput;

/**
 * The sampler's view of a denoiser network still in DJL (during or right after training, before
 * export): one inference-mode forward pass per call, its arrays freed after each call. Not
 * thread-safe.
 */
public final class DjlDenoiser implements Denoiser {
    private final DenoiserNetwork network;
    private final NDManager manager;
    private final ParameterStore store;

    /**
     * @param network an initialised network
     * @param manager a manager for the per-call arrays (a sub-manager is opened and closed per call)
     */
    public DjlDenoiser(DenoiserNetwork network, NDManager manager) {
        this.network = network;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
    }

    @Override
    public int codebookSize() {
        return network.config().codebookSize();
    }

    @Override
    public float[] predict(DenoiserInput input) {
        DenoiserConfig c = network.config();
        int b = input.batch();
        try (NDManager call = manager.newSubManager()) {
            NDList in = new NDList(
                    call.create(DenoiserInputs.tokens(input), new Shape(b, input.length())),
                    call.create(DenoiserInputs.timesteps(input)),
                    call.create(DenoiserInputs.condition(input, c.conditionDim()), new Shape(b, c.conditionDim())),
                    call.create(input.nullCondition()));
            return network.forward(store, in, false).singletonOrThrow().logSoftmax(-1).toFloatArray();
        }
    }
}
