package org.speaktheart.pipeline.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl;
import com.google.gson.Gson;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.core.onnx.Dim;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;
import org.speaktheart.core.train.LrDecay;
import org.speaktheart.core.train.TrainingConfig;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.core.train.TrainingResult;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.teacher.ImagePreprocessing;

/**
 * Trains the judge classifier once on a manifest: the distinct pictures of the training split (the
 * training art styles) are the training set, the distinct pictures of the validation split (the
 * held-out style) measure its accuracy; both with the DJL harness ({@link TrainingLoop}). The
 * result is written as ONNX in the contract {@link JudgeClassifier} loads, so evaluation runs on
 * ONNX Runtime.
 *
 * <p>Only one training may run per JVM at a time (the harness's rule).
 */
public final class JudgeTrainer {
    private static final Gson GSON = new Gson();

    private JudgeTrainer() {
    }

    /**
     * What a training run produced.
     *
     * @param model the judge ONNX file
     * @param concepts the classes, sorted concept ids
     * @param trainImages distinct training pictures
     * @param valImages distinct validation pictures (of known concepts)
     * @param trainAccuracy top-1 accuracy on the training pictures (no augmentation)
     * @param valAccuracy top-1 accuracy on the validation pictures
     * @param lastLoss cross-entropy of the last step
     * @param seconds wall time
     */
    public record Result(Path model, List<String> concepts, int trainImages, int valImages, double trainAccuracy,
                         double valAccuracy, double lastLoss, double seconds) {
    }

    /**
     * Trains, validates and exports.
     *
     * @param manifest the corpus (pictures must exist next to it)
     * @param config the run
     * @param out the ONNX file to write (atomically)
     * @param log receives progress lines
     * @throws EvaluationException for a missing split, fewer than 2 concepts, or no validation pictures of known concepts
     */
    public static Result train(Manifest manifest, JudgeTrainingConfig config, Path out, Consumer<String> log) {
        long start = System.nanoTime();
        ManifestImages images = new ManifestImages(manifest);
        List<ManifestRecord> train = distinctPictures(images.split(config.trainSplit()));
        List<String> concepts = new ArrayList<>(new TreeSet<>(train.stream().map(ManifestRecord::conceptId).toList()));
        if (concepts.size() < 2) {
            throw new EvaluationException("the judge needs at least 2 concepts in split '" + config.trainSplit().key()
                    + "', found " + concepts);
        }
        List<ManifestRecord> val = distinctPictures(images.split(config.valSplit())).stream()
                .filter(r -> concepts.contains(r.conceptId())).toList();
        if (val.isEmpty()) {
            throw new EvaluationException("split '" + config.valSplit().key() + "' has no picture of a concept seen in split '"
                    + config.trainSplit().key() + "'; the judge cannot be validated");
        }
        JudgeConfig shape = config.network().withClasses(concepts.size());
        ImagePreprocessing pre = JudgeClassifier.preprocessing(shape.imageSize());
        float[][] trainPixels = pixels(train, images, pre);
        int[] trainLabels = labels(train, concepts);
        float[][] valPixels = pixels(val, images, pre);
        int[] valLabels = labels(val, concepts);
        log.accept(String.format(Locale.ROOT, "judge: %d concepts, %d training pictures (%s), %d validation pictures (%s), %d steps",
                concepts.size(), train.size(), config.trainSplit().key(), val.size(), config.valSplit().key(), config.steps()));

        Engine engine = Engine.getEngine(TrainingLoop.ENGINE);
        try (NDManager manager = engine.newBaseManager()) {
            engine.setRandomSeed((int) config.seed());
            JudgeNetwork network = new JudgeNetwork(shape);
            int s = shape.imageSize();
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 3, s, s));
            JudgeTask task = new JudgeTask(network, trainPixels, trainLabels, config.batchSize(), config.maxShift(), config.jitter());
            TrainingConfig training = TrainingConfig.builder().steps(config.steps()).seed(config.seed())
                    .learningRate(config.learningRate()).warmupSteps(Math.min(50, config.steps() / 10))
                    .decay(LrDecay.cosine(config.learningRate() / 10)).clipNorm(1.0)
                    .logInterval(Math.max(1, config.steps() / 5)).build();
            double lastLoss = Double.NaN;
            long report = Math.max(1, config.steps() / 10);
            try (TrainingLoop loop = new TrainingLoop(network, training)) {
                while (loop.nextStep() < config.steps()) {
                    TrainingResult r = loop.run(task, Math.min(config.steps(), loop.nextStep() + report));
                    lastLoss = r.lastLoss();
                    log.accept(String.format(Locale.ROOT, "judge: step %d/%d, loss %.4f", r.endStep(), config.steps(), lastLoss));
                }
            }
            double trainAccuracy = accuracy(network, manager, trainPixels, trainLabels);
            double valAccuracy = accuracy(network, manager, valPixels, valLabels);
            log.accept(String.format(Locale.ROOT, "judge: training accuracy %.3f, validation accuracy %.3f (chance %.3f)",
                    trainAccuracy, valAccuracy, 1.0 / concepts.size()));
            Map<String, String> props = new LinkedHashMap<>();
            props.put(JudgeClassifier.KEY_CONCEPTS, GSON.toJson(concepts));
            props.put(JudgeClassifier.KEY_VAL_ACCURACY, Double.toString(valAccuracy));
            props.put("sta.judge.trainAccuracy", Double.toString(trainAccuracy));
            props.put("sta.judge.trainSplit", config.trainSplit().key());
            props.put("sta.judge.valSplit", config.valSplit().key());
            props.put("sta.judge.trainImages", Integer.toString(train.size()));
            props.put("sta.judge.valImages", Integer.toString(val.size()));
            props.put("sta.judge.manifest", manifest.file().toString());
            props.put("sta.judge.steps", Integer.toString(config.steps()));
            props.put("sta.judge.seed", Long.toString(config.seed()));
            OnnxMl.ModelProto model = export(network, props);
            AtomicFiles.write(out, model::writeTo);
            return new Result(out, List.copyOf(concepts), train.size(), val.size(), trainAccuracy, valAccuracy, lastLoss,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /** The ONNX model of a trained network: input {@code pixel_values [batch, 3, S, S]}, output {@code logits [batch, classes]}. */
    static OnnxMl.ModelProto export(JudgeNetwork network, Map<String, String> properties) {
        JudgeConfig c = network.config();
        OnnxGraphBuilder g = new OnnxGraphBuilder(JudgeClassifier.MODEL_NAME);
        Dim batch = Dim.sym("batch");
        String in = g.input(JudgeClassifier.PIXEL_VALUES, ElementType.FLOAT, batch, Dim.of(3), Dim.of(c.imageSize()),
                Dim.of(c.imageSize()));
        String logits = g.identity(network.toOnnx(g, "judge", in), JudgeClassifier.LOGITS);
        g.output(logits, ElementType.FLOAT, batch, Dim.of(c.classes()));
        return g.build(new ModelMetadata(JudgeClassifier.MODEL_NAME, JudgeClassifier.CONTRACT_VERSION, c.toJson(), properties));
    }

    /** Logits of preprocessed images with the DJL network in inference mode, {@code [N][classes]}. */
    static float[][] logits(JudgeNetwork network, NDManager manager, float[][] pixels) {
        int s = network.config().imageSize();
        int values = 3 * s * s;
        int classes = network.config().classes();
        float[][] out = new float[pixels.length][];
        int chunk = 64;
        for (int startRow = 0; startRow < pixels.length; startRow += chunk) {
            int n = Math.min(chunk, pixels.length - startRow);
            float[] flat = new float[n * values];
            for (int i = 0; i < n; i++) {
                System.arraycopy(pixels[startRow + i], 0, flat, i * values, values);
            }
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(flat, new Shape(n, 3, s, s));
                float[] y = network.forward(new ParameterStore(step, false), new NDList(x), false).singletonOrThrow().toFloatArray();
                for (int i = 0; i < n; i++) {
                    out[startRow + i] = java.util.Arrays.copyOfRange(y, i * classes, (i + 1) * classes);
                }
            }
        }
        return out;
    }

    private static double accuracy(JudgeNetwork network, NDManager manager, float[][] pixels, int[] labels) {
        float[][] l = logits(network, manager, pixels);
        int right = 0;
        for (int i = 0; i < l.length; i++) {
            right += TopK.rank(l[i], labels[i]) == 0 ? 1 : 0;
        }
        return (double) right / l.length;
    }

    private static List<ManifestRecord> distinctPictures(List<ManifestRecord> records) {
        Map<String, ManifestRecord> byImage = new LinkedHashMap<>();
        for (ManifestRecord r : records) {
            byImage.putIfAbsent(r.imagePath(), r);
        }
        return List.copyOf(byImage.values());
    }

    private static float[][] pixels(List<ManifestRecord> records, ManifestImages images, ImagePreprocessing pre) {
        float[][] out = new float[records.size()][];
        for (int i = 0; i < out.length; i++) {
            BufferedImage image = images.image(records.get(i));
            out[i] = pre.apply(image);
        }
        return out;
    }

    private static int[] labels(List<ManifestRecord> records, List<String> concepts) {
        return records.stream().mapToInt(r -> concepts.indexOf(r.conceptId())).toArray();
    }
}
