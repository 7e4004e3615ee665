package org.speaktheart.pipeline.eval;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.speaktheart.core.io.Sha256;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.runtime.InputSpec;
import org.speaktheart.core.runtime.ModelLoadException;
import org.speaktheart.core.runtime.OnnxModel;
import org.speaktheart.core.runtime.OnnxRuntimeException;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.runtime.Tensor;

/**
 * A user-supplied Inception-v3 network on ONNX Runtime: the 2048-d pool features of images (for the
 * standard FID) and, when the model has them, the class logits (for the Inception Score). STA ships
 * no Inception weights and downloads none; the user brings the ONNX file.
 *
 * <table>
 * <caption>Accepted model (checked at load)</caption>
 * <tr><th>value</th><th>type</th><th>shape</th><th>meaning</th></tr>
 * <tr><td>the one input</td><td>float</td><td>[N, 3, S, S]</td><td>RGB, NCHW, scaled per
 *   {@link InceptionPreprocessing.Normalisation}; S fixed in the model (299 for Inception-v3), or
 *   dynamic, then {@value #DEFAULT_IMAGE_SIZE}; N dynamic, or fixed (batches are then padded to it)</td></tr>
 * <tr><td>pool features (output)</td><td>float</td><td>[N, 2048], [N, 2048, 1, 1] or [N, 1, 1, 2048]</td>
 *   <td>the global-average-pooled activations before the classifier; flattened to 2048 values</td></tr>
 * <tr><td>class logits (output, optional)</td><td>float</td><td>[N, 1000] or [N, 1008] (or the 4-d forms)</td>
 *   <td>pre-softmax class scores (1008 in the TensorFlow graph of the original FID, 1000 in ImageNet
 *   exports); a softmax output is recognised and used as is, see {@link InceptionScore#probabilities}</td></tr>
 * </table>
 *
 * <p>Each output is found by its declared width unless named in {@link InceptionOptions}; a model with
 * two candidates for one role must name it. A model without a logits output gives FID only. Any
 * model that does not fit is refused with an {@link EvaluationException} that lists the model's
 * inputs and outputs with their shapes and what is accepted.
 *
 * <p>Images run in batches of at most {@value #MAX_BATCH} so memory stays bounded (one 299 px image is
 * about 1 MB of input). Not thread-safe to close while running; the caller owns and closes it.
 */
public final class InceptionNetwork implements AutoCloseable {
    /** Width of the pool features. */
    public static final int FEATURE_WIDTH = 2048;
    /** Accepted widths of the class logits: ImageNet's 1000 classes, or the 1008 of the TensorFlow graph. */
    public static final List<Integer> CLASS_WIDTHS = List.of(1000, 1008);
    /** Input side used when the model leaves it dynamic: Inception-v3's native resolution. */
    public static final int DEFAULT_IMAGE_SIZE = 299;
    /** Most images per run. */
    public static final int MAX_BATCH = 16;
    /** What a model must look like, for messages. */
    static final String CONTRACT = "accepted: an Inception-v3 network in ONNX with one float input [N, 3, S, S] (S fixed, or "
            + "dynamic = " + DEFAULT_IMAGE_SIZE + ") and float outputs: the pool features of width " + FEATURE_WIDTH
            + " ([N, 2048], [N, 2048, 1, 1] or [N, 1, 1, 2048]) and optionally the class logits of width 1000 or 1008";

    private final Path file;
    private final String sha256;
    private final OnnxModel model;
    private final InceptionOptions options;
    private final String input;
    private final int fixedBatch;
    private final InceptionPreprocessing preprocessing;
    private final String featuresOutput;
    private final String logitsOutput;

    private InceptionNetwork(Path file, String sha256, OnnxModel model, InceptionOptions options) {
        this.file = file;
        this.sha256 = sha256;
        this.model = model;
        this.options = options;
        if (model.inputs().size() != 1) {
            throw refuse("has " + model.inputs().size() + " inputs; the network must take exactly one (the images)");
        }
        InputSpec in = model.inputs().values().iterator().next();
        long[] shape = in.shape();
        if (in.type() != ElementType.FLOAT) {
            throw refuse("input '" + in.name() + "' holds " + in.onnxType() + "; the images must be float");
        }
        if (shape.length != 4) {
            throw refuse("input '" + in.name() + "' has rank " + shape.length + " " + in.describeShape()
                    + "; the images must be rank 4 [N, 3, S, S]");
        }
        if (shape[1] != 3 && shape[1] >= 0) {
            throw refuse("input '" + in.name() + "' has " + shape[1] + " channels " + in.describeShape() + "; the images must be RGB [N, 3, S, S]");
        }
        int side;
        if (shape[2] > 0 && shape[2] == shape[3]) {
            side = Math.toIntExact(shape[2]);
        } else if (shape[2] < 0 && shape[3] < 0) {
            side = DEFAULT_IMAGE_SIZE; // a fully convolutional export: feed Inception-v3's own resolution
        } else {
            throw refuse("input '" + in.name() + "' is " + in.describeShape() + "; the images must be square [N, 3, S, S]");
        }
        this.input = in.name();
        this.fixedBatch = shape[0] > 0 ? Math.toIntExact(shape[0]) : 0;
        this.preprocessing = new InceptionPreprocessing(side, options.normalisation());
        this.featuresOutput = pick("pool features", options.featuresOutput(), List.of(FEATURE_WIDTH), "featuresOutput",
                "--inception-features", true);
        this.logitsOutput = pick("class logits", options.logitsOutput(), CLASS_WIDTHS, "logitsOutput", "--inception-logits", false);
    }

    /**
     * Loads a user-supplied Inception-v3 ONNX and checks it against the contract.
     *
     * @param file the ONNX file
     * @param options normalisation and, when needed, the output names
     * @param runtime execution provider and threads
     * @throws EvaluationException when the file is missing, is not ONNX, or does not fit the contract
     */
    public static InceptionNetwork load(Path file, InceptionOptions options, RuntimeConfig runtime) {
        if (!Files.isRegularFile(file)) {
            throw new EvaluationException("Inception model " + file + " does not exist; give the path of an Inception-v3 ONNX "
                    + "file you have (STA ships and downloads none); " + CONTRACT);
        }
        String digest = sha256(file);
        OnnxModel model;
        try {
            model = OnnxModel.load(file, runtime);
        } catch (ModelLoadException e) {
            throw new EvaluationException("cannot load Inception model " + file + " as ONNX: " + e.getMessage() + "; " + CONTRACT, e);
        }
        try {
            return new InceptionNetwork(file, digest, model, options);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The output for one role: the named one, checked, or the single output of an accepted width.
     *
     * @return its name, or null when optional and the model has none
     */
    private String pick(String role, String named, List<Integer> widths, String option, String cliOption, boolean required) {
        String accepted = "width " + (widths.size() == 1 ? widths.get(0) : widths.get(0) + " or " + widths.get(1));
        if (named != null) {
            InputSpec spec = model.outputs().get(named);
            if (spec == null) {
                throw refuse("has no output '" + named + "' (named as the " + role + ")");
            }
            if (spec.type() != ElementType.FLOAT) {
                throw refuse("output '" + named + "' holds " + spec.onnxType() + "; the " + role + " must be float");
            }
            long w = declaredWidth(spec);
            if (w == -2 || (w > 0 && !widths.contains((int) Math.min(w, Integer.MAX_VALUE)))) {
                throw refuse("output '" + named + "' is " + spec.describeShape() + "; the " + role + " must be [N, W], "
                        + "[N, W, 1, 1] or [N, 1, 1, W] with " + accepted);
            }
            return named; // a width left dynamic is checked on the first batch
        }
        List<String> found = new ArrayList<>();
        for (InputSpec spec : model.outputs().values()) {
            long w = declaredWidth(spec);
            if (spec.type() == ElementType.FLOAT && w > 0 && widths.contains((int) Math.min(w, Integer.MAX_VALUE))) {
                found.add(spec.name());
            }
        }
        if (found.size() > 1) {
            throw refuse("has " + found.size() + " outputs that can be the " + role + " (" + accepted + "): " + found
                    + "; name one with InceptionOptions." + option + " (sta evaluate " + cliOption + " NAME)");
        }
        if (found.isEmpty() && required) {
            throw refuse("has no output of " + accepted + " for the " + role + "; if its shape is not declared in the model, "
                    + "name it with InceptionOptions." + option + " (sta evaluate " + cliOption + " NAME)");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * The per-image width an output declares: W of [N, W], [N, W, 1, 1] or [N, 1, 1, W]; -1 when the
     * shape is not declared or W is dynamic; -2 when the shape is of another form.
     */
    static long declaredWidth(InputSpec spec) {
        long[] s = spec.shape();
        if (s.length == 0) {
            return -1;
        }
        return width(s);
    }

    /** W of a shape [N, W], [N, W, 1, 1] or [N, 1, 1, W] (-1 when dynamic); -2 for any other form. */
    private static long width(long[] s) {
        if (s.length == 2) {
            return s[1] < 0 ? -1 : s[1];
        }
        if (s.length == 4 && s[2] == 1 && s[3] == 1) {
            return s[1] < 0 ? -1 : s[1];
        }
        if (s.length == 4 && s[1] == 1 && s[2] == 1) {
            return s[3] < 0 ? -1 : s[3];
        }
        return -2;
    }

    private EvaluationException refuse(String what) {
        return new EvaluationException("Inception model " + file + " " + what + ". It declares inputs " + model.inputs().values()
                + " and outputs " + model.outputs().values() + "; " + CONTRACT);
    }

    private static String sha256(Path file) {
        try {
            return Sha256.hex(file);
        } catch (IOException e) {
            throw new EvaluationException("cannot read Inception model " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file it was loaded from. */
    public Path file() {
        return file;
    }

    /** SHA-256 of the file, lower-case hex: identifies the exact weights in a report. */
    public String sha256() {
        return sha256;
    }

    /** The options it was loaded with. */
    public InceptionOptions options() {
        return options;
    }

    /** Side S of the network input, pixels. */
    public int imageSize() {
        return preprocessing.size();
    }

    /** How images are turned into the network input. */
    public InceptionPreprocessing preprocessing() {
        return preprocessing;
    }

    /** Name of the input. */
    public String input() {
        return input;
    }

    /** Name of the pool-features output. */
    public String featuresOutput() {
        return featuresOutput;
    }

    /** Name of the logits output, or null when the model has none (no Inception Score). */
    public String logitsOutput() {
        return logitsOutput;
    }

    /** Whether the model gives class logits, i.e. whether an Inception Score can be computed. */
    public boolean hasLogits() {
        return logitsOutput != null;
    }

    /**
     * What the network computes for a set of images.
     *
     * @param features {@code [n][2048]} pool features
     * @param logits {@code [n][classes]} class scores as the model emits them (logits, or probabilities
     *     for a softmax output), or null when the model has no logits output
     */
    public record Activations(float[][] features, float[][] logits) {
    }

    /**
     * Runs images of any size through the network (resized to S, see {@link InceptionPreprocessing}),
     * at most {@value #MAX_BATCH} per run.
     *
     * @throws EvaluationException when the model fails or its outputs do not have the accepted shapes
     */
    public Activations activations(List<BufferedImage> images) {
        int n = images.size();
        int per = preprocessing.valuesPerImage();
        int chunk = fixedBatch > 0 ? fixedBatch : MAX_BATCH;
        float[][] features = new float[n][];
        float[][] logits = hasLogits() ? new float[n][] : null;
        List<String> wanted = hasLogits() ? List.of(featuresOutput, logitsOutput) : List.of(featuresOutput);
        for (int start = 0; start < n; start += chunk) {
            int used = Math.min(chunk, n - start);
            // A model with a fixed batch size gets every batch padded with zero images; their rows are dropped.
            int rows = fixedBatch > 0 ? fixedBatch : used;
            float[] x = new float[rows * per]; // [rows, 3, S, S]
            for (int i = 0; i < used; i++) {
                preprocessing.applyInto(images.get(start + i), x, i * per);
            }
            Map<String, Tensor> out;
            try {
                out = model.run(Map.of(input, Tensor.ofFloats(x, rows, 3, imageSize(), imageSize())), wanted);
            } catch (OnnxRuntimeException e) {
                throw new EvaluationException("Inception model " + file + " failed on a batch of " + rows + " images [" + rows
                        + ", 3, " + imageSize() + ", " + imageSize() + "]: " + e.getMessage(), e);
            }
            copyRows(out.get(featuresOutput), featuresOutput, List.of(FEATURE_WIDTH), rows, used, features, start);
            if (logits != null) {
                copyRows(out.get(logitsOutput), logitsOutput, CLASS_WIDTHS, rows, used, logits, start);
            }
        }
        return new Activations(features, logits);
    }

    /** Copies the first {@code used} of {@code rows} rows of an output into {@code into[start..]}, checking shape and values. */
    private void copyRows(Tensor t, String name, List<Integer> widths, int rows, int used, float[][] into, int start) {
        long[] shape = t.shape();
        long w = shape.length == 0 ? -2 : width(shape);
        if (shape.length == 0 || shape[0] != rows || w < 0 || !widths.contains((int) Math.min(w, Integer.MAX_VALUE))) {
            throw new EvaluationException("Inception model " + file + ": output '" + name + "' has shape " + Arrays.toString(shape)
                    + " for a batch of " + rows + " images; expected [" + rows + ", W], [" + rows + ", W, 1, 1] or [" + rows
                    + ", 1, 1, W] with W in " + widths);
        }
        int width = (int) w;
        float[] data = t.floats();
        for (int i = 0; i < used; i++) {
            float[] row = Arrays.copyOfRange(data, i * width, (i + 1) * width);
            for (int j = 0; j < width; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new EvaluationException("Inception model " + file + ": output '" + name + "' holds " + row[j] + " at value "
                            + j + " of image " + (start + i) + "; the network must give finite values");
                }
            }
            into[start + i] = row;
        }
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "InceptionNetwork[" + file + ", S " + imageSize() + ", " + options.normalisation() + ", features '" + featuresOutput
                + "', logits " + (logitsOutput == null ? "none" : "'" + logitsOutput + "'") + "]";
    }
}
