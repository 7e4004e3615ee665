package org.speaktheart.encoder.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.train.CheckpointStore;
import org.speaktheart.core.train.TrainingConfig;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.core.train.TrainingResult;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.encoder.EncoderConfigException;
import org.speaktheart.encoder.eval.EncoderEvaluation;
import org.speaktheart.encoder.inference.SpeechEncoder;
import org.speaktheart.encoder.network.SpeechEncoderConfig;
import org.speaktheart.encoder.network.SpeechEncoderExport;
import org.speaktheart.encoder.network.SpeechEncoderNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run end to end: decode the train split of the chosen languages, distil (from a fresh
 * network or a given one, e.g. from {@link LanguageAdaptation}), export {@code encoder.onnx} (EMA
 * weights when EMA is on) with provenance, and score retrieval per language on the test split.
 * Writes {@code <outDir>/encoder.onnx}, {@code <outDir>/results.json} and the harness's checkpoints
 * and metrics where the training configuration says.
 *
 * <p>With a validation interval, training pauses every that many steps, exports the (EMA) weights,
 * scores speech -> image retrieval on the val split (held-out voices) and appends the figures to
 * {@code <outDir>/validation.jsonl}; {@code encoder.onnx} is then the export with the best
 * selection score (mean over languages of val R@1 + R@5), because on a small corpus the last step
 * is not the one that generalises best to unseen voices. A resumed run starts from the best score
 * logged before its checkpoint. When the harness wrote a checkpoint at the step of a new best
 * check (the validation interval a multiple of the checkpoint interval), that checkpoint is copied
 * to {@code <outDir>/best-checkpoint}, out of reach of the harness's pruning, so that
 * {@link LanguageAdaptation} can start from the weights of the chosen export.
 */
public final class EncoderTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(EncoderTrainer.class);
    /** Directory under the output directory holding the checkpoint of the best validation check. */
    public static final String BEST_CHECKPOINT = "best-checkpoint";

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
     * @param validationInterval steps between val-split evaluations; 0 = none (the last step is exported)
     * @param trainSplits the splits trained on (default train only; adding val folds the val voices into a
     *     final fit, without validation); never the test split
     */
    public record Request(Manifest manifest, TeacherTargets targets, Set<String> languages, SpeechEncoderConfig encoder,
                          DistillationConfig distillation, TrainingConfig training, Path outDir, int validationInterval,
                          Set<Split> trainSplits) {
        /** Checks the interval and the splits. */
        public Request {
            if (validationInterval < 0) {
                throw new EncoderConfigException("validationInterval must be >= 0 steps (0 = no validation), got "
                        + validationInterval);
            }
            trainSplits = Set.copyOf(trainSplits);
            if (trainSplits.isEmpty() || trainSplits.contains(Split.TEST)) {
                throw new EncoderConfigException("trainSplits must be train and/or val (the test split stays held out), got "
                        + trainSplits);
            }
            if (validationInterval > 0 && trainSplits.contains(Split.VAL)) {
                throw new EncoderConfigException("validation scores the val split, which is among trainSplits " + trainSplits
                        + "; set validationInterval 0 (--val-every 0) for a fit on train + val");
            }
        }

        /** A request training on the train split. */
        public Request(Manifest manifest, TeacherTargets targets, Set<String> languages, SpeechEncoderConfig encoder,
                       DistillationConfig distillation, TrainingConfig training, Path outDir, int validationInterval) {
            this(manifest, targets, languages, encoder, distillation, training, outDir, validationInterval, Set.of(Split.TRAIN));
        }

        /** A request without validation. */
        public Request(Manifest manifest, TeacherTargets targets, Set<String> languages, SpeechEncoderConfig encoder,
                       DistillationConfig distillation, TrainingConfig training, Path outDir) {
            this(manifest, targets, languages, encoder, distillation, training, outDir, 0);
        }
    }

    /** What came out: the model file, test retrieval per language, the harness result. */
    public record Result(Path model, Map<String, EncoderEvaluation.LanguageResult> test, TrainingResult training) {
    }

    /** A fresh network, initialised with the engine seeded by {@code seed}. */
    public static SpeechEncoderNetwork newNetwork(SpeechEncoderConfig config, NDManager manager, int seed) {
        return newNetwork(config, manager, seed, 0);
    }

    /** A fresh network with a CTC head of {@code ctcClasses} classes (0 = none), seeded as above. */
    public static SpeechEncoderNetwork newNetwork(SpeechEncoderConfig config, NDManager manager, int seed, int ctcClasses) {
        Engine.getEngine(TrainingLoop.ENGINE).setRandomSeed(seed);
        return new SpeechEncoderNetwork(config, ctcClasses).initializeParameters(manager);
    }

    /**
     * Trains and evaluates.
     *
     * @param initial the network to start from, or null for a fresh one seeded by the training seed
     * @param manager where a fresh network's parameters live
     */
    public static Result train(Request r, SpeechEncoderNetwork initial, NDManager manager) {
        DistillationData train = DistillationData.fromSplits(r.manifest(), r.trainSplits(), r.languages(), r.targets());
        SpeechEncoderNetwork n = initial != null ? initial : newNetwork(r.encoder(), manager, (int) r.training().seed(),
                r.distillation().ctcWeight() > 0 ? CaptionAlphabet.SIZE : 0);
        DistillationTask task = new DistillationTask(n, train, r.distillation());
        Path model = r.outDir().resolve("encoder.onnx");
        List<String> languages = r.languages().stream().sorted().toList();
        DistillationData val = r.validationInterval() > 0
                ? DistillationData.fromManifest(r.manifest(), Split.VAL, r.languages(), r.targets()) : null;
        long steps = r.training().steps();
        double seconds = 0;
        Path validationLog = r.outDir().resolve("validation.jsonl");
        double bestScore = Double.NEGATIVE_INFINITY;
        TrainingResult result;
        try (TrainingLoop loop = new TrainingLoop(n, r.training())) {
            if (val != null && loop.nextStep() > 0 && Files.exists(model)) {
                // a resumed run keeps the export the earlier checks chose unless a new check beats it
                bestScore = bestLoggedScore(validationLog, loop.nextStep());
            }
            do {
                result = loop.run(task, val == null ? steps : loop.nextStep() + r.validationInterval());
                seconds += result.seconds();
                if (val == null) {
                    export(r, n, loop, languages, train.size(), result, model);
                } else {
                    Path candidate = r.outDir().resolve("encoder-candidate.onnx");
                    export(r, n, loop, languages, train.size(), result, candidate);
                    double score = validate(candidate, val, result.endStep(), validationLog);
                    if (score > bestScore) {
                        bestScore = score;
                        moveAtomically(candidate, model);
                        keepBestCheckpoint(result, r.outDir());
                    } else {
                        deleteIfExists(candidate);
                    }
                }
            } while (loop.nextStep() < steps);
        }
        result = new TrainingResult(result.startStep(), result.endStep(), result.lastLoss(), result.lastCheckpoint(), seconds);
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

    private static void export(Request r, SpeechEncoderNetwork n, TrainingLoop loop, List<String> languages, int items,
                               TrainingResult result, Path file) {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("sta.teacher", r.targets().teacherId());
        provenance.put("sta.dataset", r.manifest().file().toString());
        provenance.put("sta.train.items", Integer.toString(items));
        provenance.put("sta.train.steps", Long.toString(result.endStep()));
        provenance.put("sta.train.seed", Long.toString(r.training().seed()));
        provenance.put("sta.train.lastLoss", Double.toString(result.lastLoss()));
        loop.withAveragedWeights(() -> {
            provenance.put(SpeechEncoderExport.KEY_TEMPERATURE, Double.toString(n.temperature()));
            SpeechEncoderExport.write(n, languages, provenance, file);
        });
    }

    /** Scores a candidate on the val split, appends a line to the log, returns the selection score. */
    private static double validate(Path candidate, DistillationData val, long step, Path log) {
        Map<String, EncoderEvaluation.LanguageResult> scores;
        try (SpeechEncoder enc = SpeechEncoder.load(candidate, RuntimeConfig.defaults())) {
            scores = EncoderEvaluation.evaluate(enc, val, 16);
        }
        double score = 0;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", step);
        for (EncoderEvaluation.LanguageResult lr : scores.values()) {
            score += (lr.speech().r1() + lr.speech().r5()) / scores.size();
            line.put(lr.language(), lr.speech());
        }
        line.put("score", score);
        LOG.info("validation at step {}: {} (selection score {})", step, scores.values().stream()
                .map(lr -> lr.language() + " R@1 " + String.format(Locale.ROOT, "%.3f", lr.speech().r1())
                        + " R@5 " + String.format(Locale.ROOT, "%.3f", lr.speech().r5())).toList(),
                String.format(Locale.ROOT, "%.4f", score));
        try {
            Files.writeString(log, new Gson().toJson(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + log, e);
        }
        return score;
    }

    /** The best selection score logged up to a step (a resumed run), or -infinity without a log. */
    private static double bestLoggedScore(Path log, long upToStep) {
        double best = Double.NEGATIVE_INFINITY;
        if (!Files.exists(log)) {
            return best;
        }
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                if (o.get("step").getAsLong() <= upToStep) {
                    best = Math.max(best, o.get("score").getAsDouble());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        } catch (RuntimeException e) {
            throw new EncoderConfigException("validation log " + log + " is malformed (" + e.getMessage()
                    + "); it holds one JSON object with step and score per line");
        }
        return best;
    }

    /** Copies the checkpoint of the step just validated to {@code best-checkpoint}, replacing the earlier one. */
    private static void keepBestCheckpoint(TrainingResult result, Path outDir) {
        Path checkpoint = result.lastCheckpoint();
        if (checkpoint == null || CheckpointStore.readHeader(checkpoint).step() != result.endStep()) {
            LOG.info("no checkpoint at step {} (validation interval not a multiple of the checkpoint interval): "
                    + "best-checkpoint not updated", result.endStep());
            return;
        }
        Path best = outDir.resolve(BEST_CHECKPOINT);
        Path partial = outDir.resolve(BEST_CHECKPOINT + ".partial");
        Path old = outDir.resolve(BEST_CHECKPOINT + ".old");
        try {
            deleteTree(partial);
            Files.createDirectories(partial);
            try (var files = Files.list(checkpoint)) {
                for (Path f : files.toList()) {
                    Files.copy(f, partial.resolve(f.getFileName()));
                }
            }
            deleteTree(old);
            if (Files.exists(best)) {
                Files.move(best, old);
            }
            Files.move(partial, best);
            deleteTree(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy checkpoint " + checkpoint + " to " + best, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void moveAtomically(Path source, Path target) {
        try {
            AtomicFiles.moveAtomically(source, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + source + " to " + target, e);
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
