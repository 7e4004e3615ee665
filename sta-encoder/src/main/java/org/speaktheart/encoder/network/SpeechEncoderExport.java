package org.speaktheart.encoder.network;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.core.onnx.Dim;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;
import org.speaktheart.encoder.EncoderConfigException;

/**
 * Writes a {@link SpeechEncoderNetwork} as ONNX with the speech encoder contract (version
 * {@value #CONTRACT_VERSION}) that {@code org.speaktheart.encoder.inference.SpeechEncoder} loads:
 *
 * <table>
 * <caption>Speech encoder ONNX contract</caption>
 * <tr><th>name</th><th>type</th><th>shape</th><th>meaning</th></tr>
 * <tr><td>features</td><td>float</td><td>[batch, frames, F] (log-mel) or [batch, L, frames, F] (external)</td>
 *     <td>front-end frames, zero-padded</td></tr>
 * <tr><td>padding_mask</td><td>bool</td><td>[batch, frames]</td><td>true = padding frame</td></tr>
 * <tr><td>embedding (out)</td><td>float</td><td>[batch, D]</td><td>L2-normalised speech embedding</td></tr>
 * <tr><td>frames (out)</td><td>float</td><td>[batch, frames', width]</td><td>per-frame sequence, padded frames 0</td></tr>
 * <tr><td>frame_mask (out)</td><td>bool</td><td>[batch, frames']</td><td>true = padding</td></tr>
 * </table>
 *
 * <p>Metadata: {@link ModelMetadata#KEY_CONFIG} holds {@link SpeechEncoderConfig#toJson()} (and with
 * it the front-end configuration), {@value #KEY_LANGUAGES} the comma-separated language codes it was
 * trained on, plus the caller's provenance (teacher, dataset, training figures).
 */
public final class SpeechEncoderExport {
    /** Model name written into the metadata. */
    public static final String MODEL_NAME = "sta-speech-encoder";
    /** Version of the contract. */
    public static final String CONTRACT_VERSION = "1";
    /** Metadata key of the languages. */
    public static final String KEY_LANGUAGES = "sta.encoder.languages";
    /**
     * Metadata key of the contrastive temperature training ended with (a training-only parameter the
     * graph does not hold), so that training can continue from the export alone.
     */
    public static final String KEY_TEMPERATURE = "sta.train.temperature";
    /** Features input. */
    public static final String FEATURES = "features";
    /** Padding mask input. */
    public static final String PADDING_MASK = "padding_mask";
    /** Embedding output. */
    public static final String EMBEDDING = "embedding";
    /** Frame sequence output. */
    public static final String FRAMES = "frames";
    /** Frame mask output. */
    public static final String FRAME_MASK = "frame_mask";

    private SpeechEncoderExport() {
    }

    /**
     * Builds the ONNX model of an initialised network.
     *
     * @param languages language codes the encoder serves (non-empty)
     * @param provenance extra metadata; may be empty
     */
    public static OnnxMl.ModelProto build(SpeechEncoderNetwork network, List<String> languages,
                                          Map<String, String> provenance) {
        if (languages.isEmpty()) {
            throw new EncoderConfigException("an exported encoder needs at least one language code");
        }
        OnnxGraphBuilder g = graph(network);
        Map<String, String> props = new LinkedHashMap<>(provenance);
        props.put(KEY_LANGUAGES, String.join(",", languages));
        return g.build(new ModelMetadata(MODEL_NAME, CONTRACT_VERSION, network.config().toJson(), props));
    }

    /**
     * The graph of {@link #build} before its metadata is written: it also tells which initializer each
     * of the network's parameters became ({@link OnnxGraphBuilder#initializerOf}), which is how
     * {@code LanguageAdaptation.fromOnnx} reads an exported encoder's weights back.
     */
    public static OnnxGraphBuilder graph(SpeechEncoderNetwork network) {
        SpeechEncoderConfig c = network.config();
        OnnxGraphBuilder g = new OnnxGraphBuilder(MODEL_NAME);
        Dim batch = Dim.sym("batch");
        Dim frames = Dim.sym("frames");
        String features = c.frontEnd() == SpeechEncoderConfig.FrontEndKind.EXTERNAL
                ? g.input(FEATURES, ElementType.FLOAT, batch, Dim.of(c.frontEndLayers()), frames, Dim.of(c.featureDim()))
                : g.input(FEATURES, ElementType.FLOAT, batch, frames, Dim.of(c.featureDim()));
        String mask = g.input(PADDING_MASK, ElementType.BOOL, batch, frames);
        SpeechEncoderNetwork.OnnxOutputs out = network.toOnnxOutputs(g, "encoder", features, mask);
        Dim outFrames = Dim.sym("frames_out");
        g.output(g.identity(out.embedding(), EMBEDDING), ElementType.FLOAT, batch, Dim.of(c.outputDim()));
        g.output(g.identity(out.frames(), FRAMES), ElementType.FLOAT, batch, outFrames, Dim.of(c.width()));
        g.output(g.identity(out.frameMask(), FRAME_MASK), ElementType.BOOL, batch, outFrames);
        return g;
    }

    /** Builds the model and writes it atomically; returns the model. */
    public static OnnxMl.ModelProto write(SpeechEncoderNetwork network, List<String> languages,
                                          Map<String, String> provenance, Path file) {
        OnnxMl.ModelProto model = build(network, languages, provenance);
        AtomicFiles.write(file, model::writeTo);
        return model;
    }
}
