package org.speaktheart.encoder.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.nio.file.Path;
import org.speaktheart.core.nn.StaBlock;
import org.speaktheart.core.onnx.OnnxImportException;
import org.speaktheart.core.onnx.OnnxWeights;
import org.speaktheart.core.train.CheckpointHeader;
import org.speaktheart.core.train.CheckpointStore;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.encoder.EncoderConfigException;
import org.speaktheart.encoder.network.SpeechEncoderConfig;
import org.speaktheart.encoder.network.SpeechEncoderExport;
import org.speaktheart.encoder.network.SpeechEncoderNetwork;

/**
 * Adapting a trained encoder to a new language (or to more voices): a network initialised from an
 * existing encoder's checkpoint (or, failing that, its exported ONNX), optionally with its lower part
 * frozen (the blocks below the Transformer and the first {@code frozenLayers} Transformer layers), then
 * trained with {@link DistillationTask} on a manifest of the new language (a new checkpoint directory).
 * The projection, final norm, upper layers and temperature stay trainable.
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
        return fromCheckpoint(checkpoint, useEma, config, manager, frozenLayers, 0);
    }

    /**
     * As {@link #fromCheckpoint(Path, boolean, SpeechEncoderConfig, NDManager, int)}, for a network
     * with a CTC head of {@code ctcClasses} classes (0 = none). The checkpoint may have been trained
     * with or without a head: the encoder's weights are copied by name, and a head the checkpoint
     * lacks (or has with another class count) starts fresh, drawn with engine seed 0 so that an
     * adaptation is reproducible. The head is never frozen.
     */
    public static SpeechEncoderNetwork fromCheckpoint(Path checkpoint, boolean useEma, SpeechEncoderConfig config,
                                                      NDManager manager, int frozenLayers, int ctcClasses) {
        checkFrozen(config, frozenLayers);
        int savedClasses = savedCtcClasses(checkpoint);
        SpeechEncoderNetwork n = initialised(config, savedClasses, manager);
        CheckpointStore.loadInto(checkpoint, n, useEma);
        if (savedClasses != ctcClasses) {
            Engine.getEngine(TrainingLoop.ENGINE).setRandomSeed(0);
            SpeechEncoderNetwork target = initialised(config, ctcClasses, manager);
            PairList<String, Parameter> from = n.getParameters();
            for (Pair<String, Parameter> p : target.getParameters()) {
                if (!p.getKey().contains(CTC_HEAD)) {
                    from.get(p.getKey()).getArray().copyTo(p.getValue().getArray());
                }
            }
            for (Pair<String, Parameter> p : from) {
                p.getValue().close();
            }
            n = target;
        }
        freeze(n, frozenLayers);
        return n;
    }

    /**
     * As {@link #fromCheckpoint(Path, boolean, SpeechEncoderConfig, NDManager, int, int)}, from an
     * exported {@code encoder.onnx} alone (a bundle's, say, whose training checkpoint is not at hand):
     * the weights the export wrote are read back by the names it gives them. The export holds the
     * weights inference uses (the EMA weights where training kept them); it does not hold a CTC head,
     * which starts fresh, drawn with engine seed 0. The contrastive temperature is {@code temperature}
     * when given, else the one the export's metadata records ({@link SpeechEncoderExport#KEY_TEMPERATURE};
     * exports of earlier versions have none), else the initial
     * {@value SpeechEncoderNetwork#INITIAL_TEMPERATURE}. No optimizer state is carried over either way.
     *
     * @param encoderOnnx an encoder exported by {@link SpeechEncoderExport} with {@code config}
     * @param temperature the starting contrastive temperature in (0, 1], or null as above
     * @throws EncoderConfigException if the file is unreadable or was not exported from a network of
     *     {@code config} (a weight missing or of another shape), naming what does not match
     */
    public static SpeechEncoderNetwork fromOnnx(Path encoderOnnx, SpeechEncoderConfig config, NDManager manager,
                                                int frozenLayers, int ctcClasses, Double temperature) {
        checkFrozen(config, frozenLayers);
        if (temperature != null && !(temperature > 0 && temperature <= 1)) {
            throw new EncoderConfigException("temperature must be in (0, 1], got " + temperature);
        }
        OnnxWeights.Weights weights;
        try {
            weights = OnnxWeights.read(encoderOnnx);
        } catch (OnnxImportException e) {
            throw new EncoderConfigException(e.getMessage(), e);
        }
        double start = temperature != null ? temperature : recordedTemperature(weights, encoderOnnx);
        Engine.getEngine(TrainingLoop.ENGINE).setRandomSeed(0);
        SpeechEncoderNetwork n = initialised(config, ctcClasses, manager);
        try {
            OnnxWeights.copyInto(n, SpeechEncoderExport.graph(n), weights.tensors(), encoderOnnx.toString());
        } catch (OnnxImportException e) {
            throw new EncoderConfigException("cannot continue from " + encoderOnnx + ": " + e.getMessage(), e);
        }
        n.setTemperature(start);
        freeze(n, frozenLayers);
        return n;
    }

    private static double recordedTemperature(OnnxWeights.Weights weights, Path file) {
        String recorded = weights.metadata().get(SpeechEncoderExport.KEY_TEMPERATURE);
        if (recorded == null) {
            return SpeechEncoderNetwork.INITIAL_TEMPERATURE;
        }
        try {
            double t = Double.parseDouble(recorded);
            if (t > 0 && t <= 1) {
                return t;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new EncoderConfigException(file + " records " + SpeechEncoderExport.KEY_TEMPERATURE + " = '" + recorded
                + "', not a temperature in (0, 1]; pass one explicitly");
    }

    private static void checkFrozen(SpeechEncoderConfig config, int frozenLayers) {
        if (frozenLayers < 0 || frozenLayers > config.layers()) {
            throw new EncoderConfigException("frozenLayers must be in 0.." + config.layers() + ", got " + frozenLayers);
        }
    }

    private static void freeze(SpeechEncoderNetwork n, int frozenLayers) {
        if (frozenLayers > 0) {
            for (StaBlock b : n.inputBlocks()) {
                b.freezeParameters(true);
            }
            for (int i = 0; i < frozenLayers; i++) {
                n.transformerLayers().get(i).freezeParameters(true);
            }
        }
    }

    private static final String CTC_HEAD = "ctcHead";

    private static SpeechEncoderNetwork initialised(SpeechEncoderConfig config, int ctcClasses, NDManager manager) {
        return new SpeechEncoderNetwork(config, ctcClasses).initializeParameters(manager);
    }

    /** The class count of the checkpoint's CTC head (its bias length), 0 without one. */
    private static int savedCtcClasses(Path checkpoint) {
        for (CheckpointHeader.ParameterEntry e : CheckpointStore.readHeader(checkpoint).parameters()) {
            if (e.name().contains(CTC_HEAD) && e.shape().length == 1) {
                return (int) (e.shape()[0] / SpeechEncoderNetwork.CTC_SLOTS_PER_FRAME);
            }
        }
        return 0;
    }
}
