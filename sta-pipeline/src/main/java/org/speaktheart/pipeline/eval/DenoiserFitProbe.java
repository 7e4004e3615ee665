package org.speaktheart.pipeline.eval;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.diffusion.fit.DenoiserFit;
import org.speaktheart.diffusion.network.DenoiserModel;
import org.speaktheart.diffusion.network.OnnxDenoiser;
import org.speaktheart.diffusion.schedule.NoiseSchedule;
import org.speaktheart.pipeline.BundleSettings;
import org.speaktheart.pipeline.bundle.ModelBundle;
import org.speaktheart.teacher.LockedTextTeacher;
import org.speaktheart.vqvae.ImageDataset;
import org.speaktheart.vqvae.ImageTokenizer;
import org.speaktheart.vqvae.TokenGrid;

/**
 * How well a bundle's denoiser fits the pictures of a manifest split ({@link DenoiserFit}): each distinct
 * picture is tokenized by the bundle's tokenizer and conditioned on the teacher's text embedding of its
 * first caption in the caption language (the bundle's locked-text teacher: its teacher image tower with
 * the frozen MiniLM text tower), or on the teacher's embedding of the picture itself. On the train split
 * this says whether the generator has learnt its own training pictures; on a held-out split, how far it
 * generalises; with the picture's own embedding, how much the teacher's space can tell the denoiser at best.
 */
public final class DenoiserFitProbe {

    /** What conditions each scored picture. */
    public enum Condition {
        /** The teacher's text embedding of the picture's first caption in the caption language. */
        CAPTION,
        /**
         * The teacher's embedding of the picture itself (the recipe's {@code image} condition): the most a
         * condition in the teacher's space can say about the picture.
         */
        IMAGE;

        /** The command-line and JSON form: {@code caption} or {@code image}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The figures and what produced them.
     *
     * @param bundle the bundle's {@code name@version}
     * @param split the split's key
     * @param captionLanguage language of the captions that select the pictures (and condition them, with
     *     {@link Condition#CAPTION})
     * @param condition what conditioned the pictures ({@link Condition#key()})
     * @param pictures distinct pictures scored
     * @param seed seed of the forward noise
     * @param levels one entry per timestep
     */
    public record Result(String bundle, String split, String captionLanguage, String condition, int pictures, long seed,
                         List<DenoiserFit.Level> levels) {
    }

    private DenoiserFitProbe() {
    }

    /**
     * Timesteps at 10, 30, 50, 70 and 90 % of T and T itself (distinct, at least 1).
     *
     * @param steps T, at least 1
     */
    public static int[] defaultTimesteps(int steps) {
        TreeSet<Integer> ts = new TreeSet<>();
        for (double f : new double[] {0.1, 0.3, 0.5, 0.7, 0.9, 1.0}) {
            ts.add(Math.max(1, (int) Math.round(f * steps)));
        }
        return ts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Scores the denoiser of a bundle on a split's pictures.
     *
     * @param bundle a bundle with a denoiser, a tokenizer and a teacher image tower
     * @param manifest the manifest with the pictures and captions
     * @param split the split whose pictures are scored
     * @param captionLanguage the language of the captions (the teacher's, usually "en"): the pictures scored are
     *     those with a caption in it
     * @param condition what conditions each picture
     * @param maxPictures at most this many distinct pictures, in manifest order (>= 1)
     * @param timesteps timesteps in 1..T, or null for {@link #defaultTimesteps(int)}
     * @param seed seed of the forward noise
     * @param runtime ONNX Runtime settings
     * @throws EvaluationException when the bundle has no teacher image tower, the teacher's width is not the
     *     denoiser's condition width, the split has no picture with a caption in the language, a picture
     *     cannot be read (with {@link Condition#IMAGE}), the condition is null or {@code maxPictures < 1}; the
     *     diffusion module's argument exception for timesteps outside 1..T
     */
    public static Result run(ModelBundle bundle, Manifest manifest, Split split, String captionLanguage,
                             Condition condition, int maxPictures, int[] timesteps, long seed, RuntimeConfig runtime) {
        if (maxPictures < 1) {
            throw new EvaluationException("maxPictures must be >= 1, got " + maxPictures);
        }
        if (condition == null) {
            throw new EvaluationException("the condition must be CAPTION or IMAGE, got null");
        }
        if (!bundle.has(ModelBundle.TEACHER_IMAGE_TOWER)) {
            throw new EvaluationException("bundle " + bundle.source() + " has no '" + ModelBundle.TEACHER_IMAGE_TOWER
                    + "' component: the captions cannot be put into the denoiser's condition space");
        }
        Map<String, ManifestRecord> byPicture = new LinkedHashMap<>();
        for (ManifestRecord r : manifest.split(split)) {
            if (r.language().equals(captionLanguage) && byPicture.size() < maxPictures) {
                byPicture.putIfAbsent(r.imagePath(), r);
            }
        }
        if (byPicture.isEmpty()) {
            throw new EvaluationException("the " + split.key() + " split of " + manifest.file() + " has no picture with a '"
                    + captionLanguage + "' caption");
        }
        List<ManifestRecord> records = new ArrayList<>(byPicture.values());
        NoiseSchedule schedule = BundleSettings.schedule(bundle);
        int[] ts = timesteps == null ? defaultTimesteps(schedule.steps()) : timesteps;
        try (DenoiserModel denoiser = DenoiserModel.load(bundle.component(ModelBundle.DENOISER), runtime);
             ImageTokenizer tokenizer = ImageTokenizer.open(bundle.component(ModelBundle.TOKEN_ENCODER),
                     bundle.component(ModelBundle.TOKEN_DECODER), runtime);
             LockedTextTeacher teacher = LockedTextTeacher.load(bundle.component(ModelBundle.TEACHER_IMAGE_TOWER), runtime, 32)) {
            if (teacher.dimension() != denoiser.config().conditionDim()) {
                throw new EvaluationException("the bundle's teacher embeds in " + teacher.dimension()
                        + " dimensions but its denoiser is conditioned on " + denoiser.config().conditionDim());
            }
            List<Path> files = records.stream().map(r -> manifest.resolve(r.imagePath())).toList();
            List<BufferedImage> images = ImageDataset.fromPaths(files, tokenizer.spec().imageSize()).images();
            List<int[]> grids = tokenizer.encodeAll(images).stream().map(TokenGrid::ids).toList();
            float[][] conditions = condition == Condition.IMAGE ? teacher.embedImages(originals(files))
                    : teacher.embedTexts(records.stream().map(ManifestRecord::caption).toList());
            List<DenoiserFit.Level> levels = DenoiserFit.measure(new OnnxDenoiser(denoiser), schedule, grids, conditions, ts,
                    seed, 8);
            return new Result(bundle.manifest().name() + "@" + bundle.manifest().version(), split.key(), captionLanguage,
                    condition.key(), records.size(), seed, levels);
        }
    }

    /** The pictures as stored, as the recipe hands them to the teacher for its image condition. */
    private static List<BufferedImage> originals(List<Path> files) {
        List<BufferedImage> out = new ArrayList<>(files.size());
        for (Path f : files) {
            try {
                BufferedImage img = ImageIO.read(f.toFile());
                if (img == null) {
                    throw new EvaluationException("picture " + f + " is not in a format ImageIO reads");
                }
                out.add(img);
            } catch (IOException e) {
                throw new EvaluationException("cannot read picture " + f + ": " + e.getMessage());
            }
        }
        return out;
    }
}
