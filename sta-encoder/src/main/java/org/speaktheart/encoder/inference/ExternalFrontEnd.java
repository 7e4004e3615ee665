package org.speaktheart.encoder.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.dsp.Resampler;
import org.speaktheart.core.runtime.InputSpec;
import org.speaktheart.core.runtime.ModelLoadException;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;
import org.speaktheart.encoder.EncoderInputException;

/**
 * An external self-supervised speech model (HuBERT / wav2vec 2.0 style) exported to ONNX, used as
 * the encoder's front end. Contract:
 *
 * <table>
 * <caption>External front-end ONNX contract</caption>
 * <tr><th>name</th><th>type</th><th>shape</th><th>meaning</th></tr>
 * <tr><td>waveform</td><td>float</td><td>[1, samples]</td><td>one mono clip at the model's rate, in [-1, 1]</td></tr>
 * <tr><td>hidden_states (out)</td><td>float</td><td>[1, L, frames, H]</td>
 *     <td>the hidden states of all L layers (the feature projection or layer 0 first), stacked</td></tr>
 * </table>
 *
 * <p>Metadata {@value #KEY_SAMPLE_RATE} gives the rate (default 16000 Hz when absent). L and H
 * must be fixed in the declared output shape. Clips are run one at a time (such models change
 * their outputs when a clip is zero-padded) and the hidden states are padded to a batch
 * {@code [B, L, T, H]}. An export wrapper for a Hugging Face model stacks
 * {@code output_hidden_states} along axis 1 and names its input and output as above.
 */
public final class ExternalFrontEnd implements FrontEnd {
    /** Input name. */
    public static final String WAVEFORM = "waveform";
    /** Output name. */
    public static final String HIDDEN_STATES = "hidden_states";
    /** Metadata key of the sample rate. */
    public static final String KEY_SAMPLE_RATE = "sta.frontend.sample_rate";

    private final OnnxModel model;
    private final int sampleRate;
    private final int layers;
    private final int hidden;
    private final Resampler resampler = new Resampler();

    private ExternalFrontEnd(OnnxModel model) {
        this.model = model;
        try {
            InputSpec in = model.inputs().get(WAVEFORM);
            if (in == null || in.shape().length != 2) {
                throw new ModelLoadException("external front end " + model.source() + " needs input '" + WAVEFORM
                        + "' of rank 2 [1, samples]; it declares " + model.inputs().keySet(), null);
            }
            InputSpec out = model.outputs().get(HIDDEN_STATES);
            if (out == null || out.shape().length != 4 || out.shape()[1] <= 0 || out.shape()[3] <= 0) {
                throw new ModelLoadException("external front end " + model.source() + " needs output '" + HIDDEN_STATES
                        + "' of shape [1, L, frames, H] with fixed L and H; it declares "
                        + (out == null ? model.outputs().keySet() : out.describeShape()), null);
            }
            this.layers = (int) out.shape()[1];
            this.hidden = (int) out.shape()[3];
            String rate = model.customMetadata().get(KEY_SAMPLE_RATE);
            this.sampleRate = rate == null ? 16_000 : Integer.parseInt(rate.trim());
            AudioClip.checkSampleRate(sampleRate);
        } catch (RuntimeException e) {
            model.close();
            throw e instanceof ModelLoadException ? e
                    : new ModelLoadException("invalid external front end " + model.source() + ": " + e.getMessage(), e);
        }
    }

    /** Loads an exported front end. */
    public static ExternalFrontEnd load(Path file, RuntimeConfig runtime) {
        return new ExternalFrontEnd(OnnxModel.load(file, runtime));
    }

    /** Loads an exported front end from bytes. */
    public static ExternalFrontEnd load(byte[] bytes, RuntimeConfig runtime, String description) {
        return new ExternalFrontEnd(OnnxModel.load(bytes, runtime, description));
    }

    /** Hidden-state layers L. */
    public int layers() {
        return layers;
    }

    /** Hidden size H. */
    public int hiddenSize() {
        return hidden;
    }

    /** The model's metadata as JSON-free key/value pairs (stored in the encoder configuration). */
    public Map<String, String> metadata() {
        return model.customMetadata();
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public FeatureBatch features(List<AudioClip> clips) {
        if (clips.isEmpty()) {
            throw new EncoderInputException("a batch needs at least one clip, got none");
        }
        List<float[]> states = new ArrayList<>();
        int[] frames = new int[clips.size()];
        int max = 0;
        for (int b = 0; b < clips.size(); b++) {
            AudioClip c = clips.get(b).sampleRate() == sampleRate ? clips.get(b) : resampler.resample(clips.get(b), sampleRate);
            float[] x = c.samples();
            Tensor out = model.run(Map.of(WAVEFORM, Tensor.ofFloats(x, 1, x.length))).get(HIDDEN_STATES);
            long[] s = out.shape();
            if (s[0] != 1 || s[1] != layers || s[3] != hidden) {
                throw new EncoderInputException("external front end returned hidden states of shape "
                        + java.util.Arrays.toString(s) + ", expected [1, " + layers + ", frames, " + hidden + "]");
            }
            frames[b] = (int) s[2];
            max = Math.max(max, frames[b]);
            states.add(out.floats());
        }
        float[] data = new float[clips.size() * layers * max * hidden];
        for (int b = 0; b < clips.size(); b++) {
            float[] st = states.get(b);
            for (int l = 0; l < layers; l++) {
                // [1, L, t_b, H] -> rows of [B, L, max, H]
                System.arraycopy(st, l * frames[b] * hidden, data, ((b * layers + l) * max) * hidden, frames[b] * hidden);
            }
        }
        return new FeatureBatch(data, new long[] {clips.size(), layers, max, hidden}, frames);
    }

    @Override
    public void close() {
        model.close();
    }
}
