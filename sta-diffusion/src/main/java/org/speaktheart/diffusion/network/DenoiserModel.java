package org.speaktheart.diffusion.network;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.runtime.InputSpec;
import org.speaktheart.core.runtime.ModelLoadException;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;

/**
 * An exported denoiser running in ONNX Runtime (see {@link DenoiserExport} for the contract).
 * At load it reads the configuration from the model metadata and refuses a model whose inputs do
 * not follow the contract. Thread-safe; close it to free the native session.
 */
public final class DenoiserModel implements AutoCloseable {
    private final OnnxModel model;
    private final DenoiserConfig config;

    private DenoiserModel(OnnxModel model) {
        this.model = model;
        try {
            String version = model.customMetadata().get(ModelMetadata.KEY_VERSION);
            String name = model.customMetadata().get(ModelMetadata.KEY_NAME);
            if (!DenoiserExport.MODEL_NAME.equals(name) || !DenoiserExport.CONTRACT_VERSION.equals(version)) {
                throw new ModelLoadException(model.source() + " is not an STA denoiser of contract version "
                        + DenoiserExport.CONTRACT_VERSION + " (metadata name=" + name + ", version=" + version + ")", null);
            }
            this.config = DenoiserConfig.fromJson(model.customMetadata().get(ModelMetadata.KEY_CONFIG));
            requireInput(DenoiserExport.TOKENS, config.tokens());
            requireInput(DenoiserExport.TIMESTEPS, -1);
            requireInput(DenoiserExport.CONDITION, config.conditionDim());
            requireInput(DenoiserExport.NULL_CONDITION, -1);
            if (config.crossAttention()) {
                requireInput(DenoiserExport.CONDITION_SEQUENCE, config.conditionSequenceDim());
                requireInput(DenoiserExport.CONDITION_SEQUENCE_MASK, -1);
            }
            if (!model.outputs().containsKey(DenoiserExport.LOG_PROBS)) {
                throw new ModelLoadException(model.source() + " has no output '" + DenoiserExport.LOG_PROBS + "'", null);
            }
        } catch (RuntimeException e) {
            model.close();
            throw e instanceof ModelLoadException ? e : new ModelLoadException("invalid denoiser " + model.source()
                    + ": " + e.getMessage(), e);
        }
    }

    private void requireInput(String name, long lastDim) {
        InputSpec spec = model.inputs().get(name);
        if (spec == null) {
            throw new ModelLoadException("denoiser " + model.source() + " lacks input '" + name + "'; it declares "
                    + model.inputs().keySet(), null);
        }
        long[] shape = spec.shape();
        if (lastDim > 0 && (shape.length == 0 || shape[shape.length - 1] != lastDim)) {
            throw new ModelLoadException("denoiser input '" + name + "' has shape " + spec.describeShape()
                    + " but its configuration says the last dimension is " + lastDim, null);
        }
    }

    /** Loads an exported denoiser file. */
    public static DenoiserModel load(Path file, RuntimeConfig runtime) {
        return new DenoiserModel(OnnxModel.load(file, runtime));
    }

    /** Loads an exported denoiser from bytes. */
    public static DenoiserModel load(byte[] bytes, RuntimeConfig runtime, String description) {
        return new DenoiserModel(OnnxModel.load(bytes, runtime, description));
    }

    /** The configuration stored in the model. */
    public DenoiserConfig config() {
        return config;
    }

    /**
     * log p(x0 | x_t) for a batch without a condition sequence.
     *
     * @param tokens x_t, {@code [B * N]} row-major, ids 0..K
     * @param timesteps t per item, {@code [B]}
     * @param condition {@code [B * C]}
     * @param useNull per item, true for the null condition
     * @return {@code [B * N * K]} log-probabilities, row-major over (item, token, code)
     */
    public float[] logProbs(long[] tokens, long[] timesteps, float[] condition, boolean[] useNull) {
        if (config.crossAttention()) {
            throw new IllegalArgumentException("this denoiser uses cross-attention: pass a condition sequence");
        }
        return model.run(feeds(tokens, timesteps, condition, useNull)).get(DenoiserExport.LOG_PROBS).floats();
    }

    /**
     * log p(x0 | x_t) with a condition sequence (cross-attention models).
     *
     * @param sequence {@code [B * S * Cs]}
     * @param sequenceMask {@code [B * S]}, true = padding
     */
    public float[] logProbs(long[] tokens, long[] timesteps, float[] condition, boolean[] useNull,
                            float[] sequence, boolean[] sequenceMask, int sequenceLength) {
        if (!config.crossAttention()) {
            throw new IllegalArgumentException("this denoiser has no cross-attention: call logProbs without a sequence");
        }
        int b = timesteps.length;
        Map<String, Tensor> feeds = feeds(tokens, timesteps, condition, useNull);
        feeds.put(DenoiserExport.CONDITION_SEQUENCE,
                Tensor.ofFloats(sequence, b, sequenceLength, config.conditionSequenceDim()));
        feeds.put(DenoiserExport.CONDITION_SEQUENCE_MASK, Tensor.ofBools(sequenceMask, b, sequenceLength));
        return model.run(feeds).get(DenoiserExport.LOG_PROBS).floats();
    }

    private Map<String, Tensor> feeds(long[] tokens, long[] timesteps, float[] condition, boolean[] useNull) {
        int b = timesteps.length;
        if (useNull.length != b) {
            throw new IllegalArgumentException("useNull has " + useNull.length + " entries for a batch of " + b);
        }
        for (long t : timesteps) {
            if (t < 0 || t >= config.timesteps()) {
                throw new IllegalArgumentException("timestep " + t + " is outside 0.." + (config.timesteps() - 1));
            }
        }
        for (long id : tokens) {
            if (id < 0 || id > config.codebookSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside 0.." + config.codebookSize()
                        + " (K = " + config.codebookSize() + " is [MASK])");
            }
        }
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put(DenoiserExport.TOKENS, Tensor.ofLongs(tokens, b, config.tokens()));
        feeds.put(DenoiserExport.TIMESTEPS, Tensor.ofLongs(timesteps, b));
        feeds.put(DenoiserExport.CONDITION, Tensor.ofFloats(condition, b, config.conditionDim()));
        feeds.put(DenoiserExport.NULL_CONDITION, Tensor.ofBools(useNull, b));
        return feeds;
    }

    @Override
    public void close() {
        model.close();
    }
}
