package org.speaktheart.encoder.langid;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.core.onnx.Dim;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;
import org.speaktheart.core.train.LrDecay;
import org.speaktheart.core.train.TrainingConfig;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.core.train.TrainingResult;
import org.speaktheart.encoder.EncoderInputException;
import org.speaktheart.encoder.inference.SpeechEmbedding;
import org.speaktheart.encoder.inference.SpeechEncoder;
import org.speaktheart.teacher.Embeddings;

/**
 * Trains a {@link LanguageIdentifier} for one exported speech encoder: the encoder embeds every
 * training clip once (ONNX Runtime), its frames are pooled ({@link FramePooling}), and a
 * {@link LanguageIdNetwork} is fitted on the pooled vectors with the DJL harness; the result is written
 * (atomically) as ONNX in the identifier's contract, bound to the encoder by its SHA-256.
 *
 * <p>Only one training may run per JVM at a time (the harness's rule).
 */
public final class LanguageIdTrainer {
    private static final int ENCODER_BATCH = 16;

    private LanguageIdTrainer() {
    }

    /**
     * What a run produced.
     *
     * @param model the identifier ONNX file
     * @param languages the classes in order
     * @param clipsPerLanguage training clips of each language
     * @param trainAccuracy top-1 accuracy on the training clips
     * @param lastLoss cross-entropy of the last step
     * @param temperature the calibrated temperature (1 without calibration clips)
     * @param calibrationNll mean negative log-likelihood of the calibration clips before and after calibration
     *     ({@code [before, after]}; empty without calibration clips)
     * @param seconds wall time of the fit and export (pooling excluded)
     */
    public record Result(Path model, List<String> languages, Map<String, Integer> clipsPerLanguage, double trainAccuracy,
                         double lastLoss, double temperature, double[] calibrationNll, double seconds) {
    }

    /**
     * The pooled frames of clips through an encoder, in order, in batches of 16.
     *
     * @param log receives a progress line about every tenth of the clips
     */
    public static List<float[]> pooledFrames(SpeechEncoder encoder, List<AudioClip> clips, Consumer<String> log) {
        String any = String.join(",", encoder.languages());
        List<float[]> out = new ArrayList<>(clips.size());
        int report = Math.max(ENCODER_BATCH, clips.size() / 10);
        int nextReport = report;
        for (int from = 0; from < clips.size(); from += ENCODER_BATCH) {
            List<AudioClip> part = clips.subList(from, Math.min(clips.size(), from + ENCODER_BATCH));
            // The frames do not depend on the declared language; declaring "any" avoids needing labels here.
            for (SpeechEmbedding e : encoder.embedBatch(part, any)) {
                out.add(FramePooling.meanAndStd(e.frames()));
            }
            if (out.size() >= nextReport || out.size() == clips.size()) {
                log.accept(String.format(Locale.ROOT, "language id: encoded %d/%d clips", out.size(), clips.size()));
                nextReport += report;
            }
        }
        return out;
    }

    /**
     * Fits and exports an identifier.
     *
     * @param encoderFile the encoder ONNX the features came from (its hash binds the identifier to it)
     * @param features pooled frames per training clip, all of one width
     * @param labels the language of each clip
     * @param languages the classes, in order; every label must be one, every class needs a clip
     * @param out the ONNX file to write
     * @throws EncoderInputException when labels and features disagree in number, a label is not a class,
     *     a class has no clip, fewer than 2 classes are given, or widths differ
     */
    public static Result train(Path encoderFile, List<float[]> features, List<String> labels, List<String> languages,
                               LanguageIdTrainingConfig config, Path out, Consumer<String> log) {
        return train(encoderFile, features, labels, languages, List.of(), List.of(), config, out, log);
    }

    /**
     * Fits, calibrates the temperature on held-out clips (see {@link #fitTemperature}) and exports.
     *
     * @param calibrationFeatures pooled frames of held-out clips (other voices than the training clips'); empty = no
     *     calibration (T = 1)
     * @param calibrationLabels their languages, each one of {@code languages}
     */
    public static Result train(Path encoderFile, List<float[]> features, List<String> labels, List<String> languages,
                               List<float[]> calibrationFeatures, List<String> calibrationLabels,
                               LanguageIdTrainingConfig config, Path out, Consumer<String> log) {
        if (calibrationFeatures.size() != calibrationLabels.size()) {
            throw new EncoderInputException("need one language label per calibration clip, got " + calibrationFeatures.size()
                    + " clips and " + calibrationLabels.size() + " labels");
        }
        long start = System.nanoTime();
        if (features.size() != labels.size() || features.isEmpty()) {
            throw new EncoderInputException("need one language label per clip and at least one clip, got " + features.size()
                    + " clips and " + labels.size() + " labels");
        }
        if (languages.size() < 2 || languages.stream().distinct().count() != languages.size()) {
            throw new EncoderInputException("language identification needs at least 2 distinct languages, got " + languages);
        }
        int f = features.get(0).length;
        float[][] x = new float[features.size()][];
        int[] y = new int[features.size()];
        List<List<Integer>> members = new ArrayList<>();
        languages.forEach(l -> members.add(new ArrayList<>()));
        for (int i = 0; i < x.length; i++) {
            x[i] = features.get(i);
            if (x[i].length != f) {
                throw new EncoderInputException("pooled frames of unequal width: " + f + " and " + x[i].length);
            }
            y[i] = languages.indexOf(labels.get(i));
            if (y[i] < 0) {
                throw new EncoderInputException("clip " + i + " is labelled '" + labels.get(i) + "', not one of " + languages);
            }
            members.get(y[i]).add(i);
        }
        int[][] byLanguage = new int[languages.size()][];
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int k = 0; k < byLanguage.length; k++) {
            if (members.get(k).isEmpty()) {
                throw new EncoderInputException("no training clip in language '" + languages.get(k) + "'");
            }
            byLanguage[k] = members.get(k).stream().mapToInt(Integer::intValue).toArray();
            counts.put(languages.get(k), byLanguage[k].length);
        }
        float[][] stats = standardisation(x);
        log.accept(String.format(Locale.ROOT, "language id: %d clips %s, %d features, %d steps", x.length, counts, f,
                config.steps()));

        Engine engine = Engine.getEngine(TrainingLoop.ENGINE);
        try (NDManager manager = engine.newBaseManager()) {
            engine.setRandomSeed((int) config.seed());
            LanguageIdNetwork network = new LanguageIdNetwork(stats[0], stats[1], languages.size());
            network.initialize(manager, DataType.FLOAT32, new Shape(1, f));
            TrainingConfig training = TrainingConfig.builder().steps(config.steps()).seed(config.seed())
                    .learningRate(config.learningRate()).weightDecay(config.weightDecay())
                    .warmupSteps(Math.min(20, config.steps() / 10)).decay(LrDecay.cosine(config.learningRate() / 10))
                    .clipNorm(1.0).logInterval(Math.max(1, config.steps() / 5)).build();
            double lastLoss;
            try (TrainingLoop loop = new TrainingLoop(network, training)) {
                TrainingResult r = loop.run(new LanguageIdTask(network, x, byLanguage, config.batchSize()));
                lastLoss = r.lastLoss();
            }
            int right = 0;
            int[] predicted = predict(network, manager, x);
            for (int i = 0; i < x.length; i++) {
                right += predicted[i] == y[i] ? 1 : 0;
            }
            double trainAccuracy = (double) right / x.length;
            double[] nll = new double[0];
            if (!calibrationFeatures.isEmpty()) {
                float[][] cx = calibrationFeatures.toArray(float[][]::new);
                int[] cy = new int[cx.length];
                for (int i = 0; i < cy.length; i++) {
                    cy[i] = languages.indexOf(calibrationLabels.get(i));
                    if (cy[i] < 0 || cx[i].length != f) {
                        throw new EncoderInputException("calibration clip " + i + " is labelled '" + calibrationLabels.get(i)
                                + "' (accepted: " + languages + ") with " + cx[i].length + " features (expected " + f + ")");
                    }
                }
                double[][] logits = logits(network, manager, cx);
                double t = fitTemperature(logits, cy);
                nll = new double[] {meanNll(logits, cy, 1), meanNll(logits, cy, t)};
                network.calibrate(t);
                log.accept(String.format(Locale.ROOT, "language id: temperature %.3f on %d held-out clips, NLL %.4f -> %.4f",
                        t, cx.length, nll[0], nll[1]));
            }
            log.accept(String.format(Locale.ROOT, "language id: last loss %.4f, training accuracy %.4f", lastLoss, trainAccuracy));
            Map<String, String> props = new LinkedHashMap<>();
            props.put(LanguageIdentifier.KEY_LANGUAGES, String.join(",", languages));
            props.put(LanguageIdentifier.KEY_ENCODER_SHA256, Embeddings.sha256(encoderFile));
            props.put("sta.langid.trainClips", counts.toString());
            props.put("sta.langid.trainAccuracy", Double.toString(trainAccuracy));
            props.put("sta.langid.steps", Integer.toString(config.steps()));
            props.put("sta.langid.seed", Long.toString(config.seed()));
            props.put("sta.langid.temperature", Double.toString(network.temperature()));
            OnnxMl.ModelProto model = export(network, props);
            AtomicFiles.write(out, model::writeTo);
            return new Result(out, List.copyOf(languages), counts, trainAccuracy, lastLoss, network.temperature(), nll,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /** The ONNX model: input {@code pooled_frames [batch, F]}, output {@code logits [batch, L]}. */
    static OnnxMl.ModelProto export(LanguageIdNetwork network, Map<String, String> properties) {
        OnnxGraphBuilder g = new OnnxGraphBuilder(LanguageIdentifier.MODEL_NAME);
        Dim batch = Dim.sym("batch");
        String in = g.input(LanguageIdentifier.POOLED_FRAMES, ElementType.FLOAT, batch, Dim.of(network.featureDim()));
        String logits = g.identity(network.toOnnx(g, "langid", in), LanguageIdentifier.LOGITS);
        g.output(logits, ElementType.FLOAT, batch, Dim.of(network.languages()));
        String config = "{\"featureDim\":" + network.featureDim() + ",\"languages\":" + network.languages() + "}";
        return g.build(new ModelMetadata(LanguageIdentifier.MODEL_NAME, LanguageIdentifier.CONTRACT_VERSION, config, properties));
    }

    /** Class indices predicted by the DJL network in inference mode. */
    static int[] predict(LanguageIdNetwork network, NDManager manager, float[][] x) {
        double[][] logits = logits(network, manager, x);
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int k = 1; k < logits[i].length; k++) {
                out[i] = logits[i][k] > logits[i][out[i]] ? k : out[i];
            }
        }
        return out;
    }

    /** Logits of the DJL network in inference mode, {@code [N][L]}. */
    static double[][] logits(LanguageIdNetwork network, NDManager manager, float[][] x) {
        int f = network.featureDim();
        int l = network.languages();
        float[] flat = new float[x.length * f];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, flat, i * f, f);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDList in = new NDList(scope.create(flat, new Shape(x.length, f)));
            float[] y = network.forward(new ParameterStore(scope, false), in, false).singletonOrThrow().toFloatArray();
            double[][] out = new double[x.length][l];
            for (int i = 0; i < x.length; i++) {
                for (int k = 0; k < l; k++) {
                    out[i][k] = y[i * l + k];
                }
            }
            return out;
        }
    }

    /**
     * The temperature T in [0.05, 1000] that minimises the mean negative log-likelihood of held-out
     * labels under {@code softmax(logits / T)} (temperature scaling): the NLL is unimodal in log T for a
     * fixed set of logits, so a golden-section search on log T finds it.
     *
     * @param logits {@code [N][L]} at temperature 1
     * @param labels true class per row
     */
    static double fitTemperature(double[][] logits, int[] labels) {
        double lo = Math.log(0.05);
        double hi = Math.log(1000);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = meanNll(logits, labels, Math.exp(a));
        double fb = meanNll(logits, labels, Math.exp(b));
        for (int it = 0; it < 80; it++) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = meanNll(logits, labels, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = meanNll(logits, labels, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** Mean of {@code -log softmax(logits / t)[label]} over the rows. */
    static double meanNll(double[][] logits, int[] labels, double t) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double z : logits[i]) {
                max = Math.max(max, z / t);
            }
            double norm = 0;
            for (double z : logits[i]) {
                norm += Math.exp(z / t - max);
            }
            sum += max + Math.log(norm) - logits[i][labels[i]] / t;
        }
        return sum / logits.length;
    }

    /** Per-feature mean and 1/std of the training features; a constant feature gets weight 0. */
    static float[][] standardisation(float[][] x) {
        int f = x[0].length;
        double[] sum = new double[f];
        double[] sumSq = new double[f];
        for (float[] row : x) {
            for (int j = 0; j < f; j++) {
                sum[j] += row[j];
                sumSq[j] += (double) row[j] * row[j];
            }
        }
        float[] mean = new float[f];
        float[] invStd = new float[f];
        for (int j = 0; j < f; j++) {
            double m = sum[j] / x.length;
            double sd = Math.sqrt(Math.max(0, sumSq[j] / x.length - m * m));
            mean[j] = (float) m;
            invStd[j] = sd < 1e-6 ? 0f : (float) (1 / sd);
        }
        return new float[][] {mean, invStd};
    }
}
