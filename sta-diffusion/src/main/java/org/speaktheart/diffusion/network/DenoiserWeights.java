package org.speaktheart.diffusion.network;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;
import org.speaktheart.core.onnx.OnnxImportException;
import org.speaktheart.core.onnx.OnnxWeights;
import org.speaktheart.diffusion.DiffusionArgumentException;

/**
 * Starting a {@link DenoiserNetwork} from the weights of an exported denoiser ONNX file (a bundle's
 * {@code denoiser.onnx}), so that a shipped generator can be fine-tuned when its training checkpoint
 * is gone.
 *
 * <p>The file must have been written by {@link DenoiserExport} from a network of the same architecture:
 * its recorded configuration is compared with the network's field by field (the dropout rates, which
 * only act in training, may differ), and every parameter of the network must be found in it with its
 * shape. The denoiser has no training-only parameters, so a parameter the export does not write means
 * the two versions of the export code disagree, and is refused rather than left at its fresh value.
 * Nothing in the file is executed.
 */
public final class DenoiserWeights {
    /** Configuration fields that only act in training, so a file may differ in them. */
    private static final List<String> TRAINING_ONLY = List.of("dropout", "conditionDropout");

    private DenoiserWeights() {
    }

    /**
     * Copies the weights of {@code file} into {@code network} (initialised). On any refusal the
     * network is left as it was.
     *
     * @throws DiffusionArgumentException if the file cannot be read, is not a denoiser, records another
     *     architecture (the message names the fields), or lacks one of the network's parameters
     */
    public static void copyFromOnnx(Path file, DenoiserNetwork network) {
        OnnxWeights.Weights weights;
        try {
            weights = OnnxWeights.read(file);
        } catch (OnnxImportException e) {
            throw new DiffusionArgumentException(e.getMessage(), e);
        }
        String name = weights.metadata().get(ModelMetadata.KEY_NAME);
        if (!DenoiserExport.MODEL_NAME.equals(name)) {
            throw new DiffusionArgumentException(file + " is not an STA denoiser (model name " + name + ", expected "
                    + DenoiserExport.MODEL_NAME + ")");
        }
        String json = weights.metadata().get(ModelMetadata.KEY_CONFIG);
        DenoiserConfig recorded;
        try {
            recorded = DenoiserConfig.fromJson(json == null ? "{}" : json);
        } catch (IllegalArgumentException e) {
            throw new DiffusionArgumentException(file + " records no readable denoiser configuration: " + e.getMessage(), e);
        }
        List<String> differences = differences(recorded, network.config());
        if (!differences.isEmpty()) {
            throw new DiffusionArgumentException(file + " holds a denoiser of another architecture: "
                    + String.join(", ", differences) + " (file, then this network)");
        }
        OnnxGraphBuilder export = DenoiserExport.graph(network);
        List<String> notExported = new ArrayList<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (export.initializerOf(p.getValue().getArray()).isEmpty()) {
                notExported.add(p.getKey());
            }
        }
        if (!notExported.isEmpty()) {
            // only possible when the export code itself changed; refused before anything is copied
            throw new DiffusionArgumentException("the denoiser export does not write parameters " + notExported
                    + ", so " + file + " cannot hold them");
        }
        try {
            OnnxWeights.copyInto(network, export, weights.tensors(), file.toString());
        } catch (OnnxImportException e) {
            throw new DiffusionArgumentException(e.getMessage(), e); // names the file and the initializer
        }
    }

    /** The architecture fields in which two configurations differ, as {@code name a -> b}. */
    static List<String> differences(DenoiserConfig a, DenoiserConfig b) {
        JsonObject x = JsonParser.parseString(a.toJson()).getAsJsonObject();
        JsonObject y = JsonParser.parseString(b.toJson()).getAsJsonObject();
        TreeSet<String> keys = new TreeSet<>(x.keySet());
        keys.addAll(y.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!TRAINING_ONLY.contains(k) && !java.util.Objects.equals(x.get(k), y.get(k))) {
                out.add(k + " " + x.get(k) + " -> " + y.get(k));
            }
        }
        return out;
    }
}
