package org.speaktheart.encoder.training;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.train.CheckpointStore;
import org.speaktheart.encoder.EncoderConfigException;
import org.speaktheart.encoder.network.SpeechEncoderConfig;
import org.speaktheart.encoder.network.SpeechEncoderNetwork;

/**
 * Adapting a trained encoder to a new language: a network initialised from an existing encoder's
 * checkpoint, optionally with its lower part frozen (the blocks below the Transformer and the first
 * {@code frozenLayers} Transformer layers), then trained with {@link DistillationTask} on a manifest
 * of the new language (a new checkpoint directory). The projection, final norm, upper layers and
 * temperature stay trainable.
 */
public final class LanguageAdaptation {
    private LanguageAdaptation() {
    }

    /**
     * Loads a checkpoint of an encoder with {@code config} and freezes its lower part.
     *
     * @param checkpoint a {@code step-*} directory of the existing encoder's training
     * @param useEma take the EMA weights (the checkpoint must hold them)
     * @param frozenLayers Transformer layers to freeze from the bottom, 0..layers; with > 0 the input
     *     blocks are frozen too
     */
    public static SpeechEncoderNetwork fromCheckpoint(Path checkpoint, boolean useEma, SpeechEncoderConfig config,
                                                      NDManager manager, int frozenLayers) {
        if (frozenLayers < 0 || frozenLayers > config.layers()) {
            throw new EncoderConfigException("frozenLayers must be in 0.." + config.layers() + ", got " + frozenLayers);
        }
        SpeechEncoderNetwork n = new SpeechEncoderNetwork(config);
        Shape features = config.frontEnd() == SpeechEncoderConfig.FrontEndKind.EXTERNAL
                ? new Shape(1, config.frontEndLayers(), 8, config.featureDim()) : new Shape(1, 8, config.featureDim());
        n.initialize(manager, DataType.FLOAT32, features, new Shape(1, 8));
        CheckpointStore.loadInto(checkpoint, n, useEma);
        if (frozenLayers > 0) {
            for (StaBlock b : n.inputBlocks()) {
                b.freezeParameters(true);
            }
            for (int i = 0; i < frozenLayers; i++) {
                n.transformerLayers().get(i).freezeParameters(true);
            }
        }
        return n;
    }
}
