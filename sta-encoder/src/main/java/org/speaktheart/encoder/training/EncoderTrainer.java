package org.speaktheart.encoder.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.train.ExponentialMovingAverage;
import org.speaktheart.core.train.TrainingConfig;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.core.train.TrainingResult;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.encoder.eval.EncoderEvaluation;
import org.speaktheart.encoder.inference.SpeechEncoder;
import org.speaktheart.encoder.network.SpeechEncoderConfig;
import org.speaktheart.encoder.network.SpeechEncoderExport;
import org.speaktheart.encoder.network.SpeechEncoderNetwork;

/**
 * One training run end to end: decode the train split of the chosen languages, distil (from a fresh
 * network or a given one, e.g. from {@link LanguageAdaptation}), export {@code encoder.onnx} (EMA
 * weights when EMA is on) with provenance, and score retrieval per language on the test split.
 * Writes {@code <outDir>/encoder.onnx}, {@code <outDir>/results.json} and the harness's checkpoints
 * and metrics where the training configuration says.
 */
public final class EncoderTrainer {
    private EncoderTrainer() {
    }

    /**
     * What to train.
     *
     * @param manifest the corpus
     * @param targets teacher targets covering the train and test records
     * @param languages languages to train on (and to evaluate)
     * @param encoder network shape (outputDim must equal the teacher's)
     * @param distillation loss and batching
     * @param training harness options (steps, seed, learning rate, checkpoints...)
     * @param outDir where the model and results go
     */
    public record Request(Manifest manifest, TeacherTargets targets, Set<String> languages, SpeechEncoderConfig encoder,
                          DistillationConfig distillation, TrainingConfig training, Path outDir) {
    }

    /** What came out: the model file, test retrieval per language, the harness result. */
    public record Result(Path model, Map<String, EncoderEvaluation.LanguageResult> test, TrainingResult training) {
    }

    /** A fresh network, initialised with the engine seeded by {@code seed}. */
    public static SpeechEncoderNetwork newNetwork(SpeechEncoderConfig config, NDManager manager, int seed) {
        Engine.getEngine(TrainingLoop.ENGINE).setRandomSeed(seed);
        SpeechEncoderNetwork n = new SpeechEncoderNetwork(config);
        Shape features = config.frontEnd() == SpeechEncoderConfig.FrontEndKind.EXTERNAL
                ? new Shape(1, config.frontEndLayers(), 8, config.featureDim()) : new Shape(1, 8, config.featureDim());
        n.initialize(manager, DataType.FLOAT32, features, new Shape(1, 8));
        return n;
    }

    /**
     * Trains and evaluates.
     *
     * @param initial the network to start from, or null for a fresh one seeded by the training seed
     * @param manager where a fresh network's parameters live
     */
    public static Result train(Request r, SpeechEncoderNetwork initial, NDManager manager) {
        DistillationData train = DistillationData.fromManifest(r.manifest(), Split.TRAIN, r.languages(), r.targets());
        SpeechEncoderNetwork n = initial != null ? initial : newNetwork(r.encoder(), manager, (int) r.training().seed());
        DistillationTask task = new DistillationTask(n, train, r.distillation());
        TrainingResult result;
        Path model = r.outDir().resolve("encoder.onnx");
        List<String> languages = r.languages().stream().sorted().toList();
        try (TrainingLoop loop = new TrainingLoop(n, r.training())) {
            result = loop.run(task);
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("sta.teacher", r.targets().teacherId());
            provenance.put("sta.dataset", r.manifest().file().toString());
            provenance.put("sta.train.items", Integer.toString(train.size()));
            provenance.put("sta.train.steps", Long.toString(result.endStep()));
            provenance.put("sta.train.seed", Long.toString(r.training().seed()));
            provenance.put("sta.train.lastLoss", Double.toString(result.lastLoss()));
            if (r.training().emaDecay() > 0) {
                try (ExponentialMovingAverage.WeightSwap ema = loop.swapInEma()) {
                    SpeechEncoderExport.write(n, languages, provenance, model);
                }
            } else {
                SpeechEncoderExport.write(n, languages, provenance, model);
            }
        }
        DistillationData test = DistillationData.fromManifest(r.manifest(), Split.TEST, r.languages(), r.targets());
        Map<String, EncoderEvaluation.LanguageResult> scores;
        try (SpeechEncoder enc = SpeechEncoder.load(model, RuntimeConfig.defaults())) {
            scores = EncoderEvaluation.evaluate(enc, test, 16);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model.getFileName().toString());
        json.put("teacher", r.targets().teacherId());
        json.put("steps", result.endStep());
        json.put("wallSeconds", result.seconds());
        json.put("lastLoss", result.lastLoss());
        json.put("test", scores);
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (EncoderEvaluation.LanguageResult lr : scores.values()) {
            ratios.put(lr.language(), Double.parseDouble(String.format(Locale.ROOT, "%.4f", lr.r1Ratio())));
        }
        json.put("speechToTeacherR1Ratio", ratios);
        AtomicFiles.write(r.outDir().resolve("results.json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(json).getBytes(StandardCharsets.UTF_8));
        return new Result(model, scores, result);
    }
}
