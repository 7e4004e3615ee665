package org.speaktheart.encoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.speaktheart.audio.features.LogMelConfig;
import org.speaktheart.encoder.inference.FeatureBatch;
import org.speaktheart.encoder.network.SpeechEncoderConfig;
import org.speaktheart.encoder.network.SpeechEncoderExport;
import org.speaktheart.encoder.network.SpeechEncoderNetwork;

/** Tiny configurations and helpers shared by the tests. */
public final class EncoderTestSupport {
    private EncoderTestSupport() {
    }

    /** A tiny log-mel encoder: 24 mels, width 16, 2 heads, 2 layers. */
    public static SpeechEncoderConfig tinyConfig(int outputDim) {
        return SpeechEncoderConfig.builder().logMel(LogMelConfig.builder().nMels(24).build())
                .maxInputFrames(400).subsamplingLayers(2).width(16).heads(2).layers(2).mlpHidden(32)
                .outputDim(outputDim).dropout(0f).build();
    }

    /** Initialises a network on the PyTorch engine with a seeded engine. */
    public static SpeechEncoderNetwork initialised(SpeechEncoderConfig config, NDManager manager, int seed) {
        Engine.getEngine("PyTorch").setRandomSeed(seed);
        return new SpeechEncoderNetwork(config).initializeParameters(manager);
    }

    /** The DJL forward pass of a feature batch: [embedding, frames, frameMask] as float arrays. */
    public static float[][] djlForward(SpeechEncoderNetwork n, NDManager parent, FeatureBatch batch) {
        try (NDManager m = parent.newSubManager()) {
            NDList out = n.forward(new ParameterStore(m, false), new NDList(m.create(batch.data(), new Shape(batch.shape())),
                    m.create(batch.paddingMask(), new Shape(batch.batchSize(), batch.maxFrames()))), false);
            return new float[][] {out.get(0).toFloatArray(), out.get(1).toFloatArray()};
        }
    }

    /** Exported bytes of a network. */
    public static byte[] export(SpeechEncoderNetwork n, List<String> languages) {
        return SpeechEncoderExport.build(n, languages, Map.of("sta.test", "yes")).toByteArray();
    }
}
