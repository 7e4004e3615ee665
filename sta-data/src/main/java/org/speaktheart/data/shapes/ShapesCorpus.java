package org.speaktheart.data.shapes;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.speaktheart.data.DataException;
import org.speaktheart.data.DatasetCard;
import org.speaktheart.data.ProgressListener;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.data.tts.ParallelSynthesis;
import org.speaktheart.data.tts.SpeechRequest;
import org.speaktheart.data.tts.SynthesisJob;
import org.speaktheart.data.tts.TtsEngines;
import org.speaktheart.data.tts.Voice;
import org.speaktheart.data.tts.VoicePartition;

/**
 * Builds the procedural shapes corpus: PNG pictures, one caption per picture and language, and
 * (optionally) a recording of each caption by a voice of that split's disjoint voice set.
 *
 * <p>Layout of the output directory: {@code manifest.jsonl}, {@code images/NNNNNN.png},
 * {@code audio/<lang>/<id>.wav}, {@code README.md} (dataset card). Manifest attributes hold the
 * exact ground truth: {@code objects}, {@code background}, and {@code o<k>.shape},
 * {@code o<k>.colour}, {@code o<k>.size}, {@code o<k>.position} per object k, plus {@code template}
 * and, with speech, {@code speed} and {@code pitch}.
 */
public final class ShapesCorpus {
    private ShapesCorpus() { }

    /**
     * Draws a random scene.
     *
     * @param rnd random source
     * @param twoObjectFraction probability of two objects
     * @param backgroundFraction probability of a non-white background
     * @return the scene
     */
    public static ShapeScene randomScene(SplittableRandom rnd, double twoObjectFraction, double backgroundFraction) {
        Background bg = rnd.nextDouble() < backgroundFraction
                ? Background.values()[1 + rnd.nextInt(Background.values().length - 1)] : Background.WHITE;
        if (rnd.nextDouble() < twoObjectFraction) {
            return new ShapeScene(List.of(randomObject(rnd, Position.LEFT), randomObject(rnd, Position.RIGHT)), bg);
        }
        return ShapeScene.of(randomObject(rnd, Position.values()[rnd.nextInt(Position.values().length)]), bg);
    }

    private static ShapeObject randomObject(SplittableRandom rnd, Position p) {
        return new ShapeObject(ShapeKind.values()[rnd.nextInt(ShapeKind.values().length)],
                ShapeColour.values()[rnd.nextInt(ShapeColour.values().length)],
                ShapeSize.values()[rnd.nextInt(ShapeSize.values().length)], p);
    }

    /**
     * Builds a small corpus fast, for other modules' tests: 12 pictures of 64 px, English and
     * Arabic captions, seed 7, speech from the installed engines (espeak-ng suffices) when asked.
     *
     * @param dir output directory
     * @param speech whether to synthesise the captions
     * @return the written manifest
     */
    public static Manifest tiny(Path dir, boolean speech) {
        return build(ShapesCorpusConfig.builder(dir).items(12).seed(7).speech(speech).valFraction(0.25).testFraction(0.25).build(),
                ProgressListener.NONE);
    }

    /**
     * Builds the corpus.
     *
     * @param config options
     * @param listener progress (stages {@code images}, {@code speech})
     * @return the written manifest
     * @throws org.speaktheart.data.tts.NoVoiceException when speech is asked and a language has fewer than 3 voices
     */
    public static Manifest build(ShapesCorpusConfig config, ProgressListener listener) {
        return build(config, config.speech() ? TtsEngines.detect(config.processTimeout()) : null, listener);
    }

    /**
     * Builds the corpus with given engines.
     *
     * @param config options
     * @param engines engines to speak with (ignored without speech)
     * @param listener progress
     * @return the written manifest
     */
    public static Manifest build(ShapesCorpusConfig config, TtsEngines engines, ProgressListener listener) {
        Path out = config.outputDir().toAbsolutePath();
        SplittableRandom rnd = new SplittableRandom(config.seed());
        SplittableRandom splitRnd = rnd.split();
        SplittableRandom captionRnd = rnd.split();
        Map<String, Map<Split, List<Voice>>> voices = new java.util.TreeMap<>();
        if (config.speech()) {
            for (String lang : config.languages()) {
                voices.put(lang, VoicePartition.partition(engines.requireVoices(lang), config.seed()));
            }
        }
        List<ManifestRecord> records = new ArrayList<>();
        List<SynthesisJob> jobs = new ArrayList<>();
        try {
            Files.createDirectories(out.resolve("images"));
            for (int i = 0; i < config.items(); i++) {
                ShapeScene scene = randomScene(rnd, config.twoObjectFraction(), config.backgroundFraction());
                double u = splitRnd.nextDouble();
                Split split = u < config.testFraction() ? Split.TEST : u < config.testFraction() + config.valFraction() ? Split.VAL : Split.TRAIN;
                String image = String.format(Locale.ROOT, "images/%06d.png", i);
                writePng(ShapeRenderer.render(scene, config.imageSize()), out.resolve(image));
                for (String lang : config.languages()) {
                    int template = captionRnd.nextInt(ShapeCaptions.TEMPLATES);
                    String id = String.format(Locale.ROOT, "shapes-%06d-%s", i, lang);
                    ManifestRecord.Builder b = ManifestRecord.builder().id(id).imagePath(image).conceptId(scene.conceptId())
                            .caption(ShapeCaptions.caption(scene, lang, template)).language(lang).split(split)
                            .attribute("template", String.valueOf(template));
                    groundTruth(scene, b);
                    if (config.speech()) {
                        List<Voice> pool = voices.get(lang).get(split);
                        Voice v = pool.get(captionRnd.nextInt(pool.size()));
                        double speed = Math.round((0.85 + 0.35 * captionRnd.nextDouble()) * 100) / 100.0;
                        double pitch = Math.round((-3 + 6 * captionRnd.nextDouble()) * 10) / 10.0;
                        String audio = "audio/" + lang + "/" + id + ".wav";
                        b.voice(v.id()).audioPath(audio).attribute("speed", String.valueOf(speed)).attribute("pitch", String.valueOf(pitch));
                        jobs.add(new SynthesisJob(new SpeechRequest(ShapeCaptions.caption(scene, lang, template), v, speed, pitch), out.resolve(audio)));
                    }
                    records.add(b.build());
                }
                listener.progress("images", i + 1, config.items());
            }
        } catch (IOException e) {
            throw new DataException("cannot write shapes corpus into " + out + ": " + e.getMessage(), e);
        }
        if (config.speech()) {
            ParallelSynthesis.run(engines, jobs, config.speechThreads(), listener);
        }
        Manifest m = ManifestIO.write(out.resolve("manifest.jsonl"), records);
        ManifestIO.writeAtomically(out.resolve("README.md"), card(config, m.records()).getBytes(StandardCharsets.UTF_8));
        return m;
    }

    private static void groundTruth(ShapeScene scene, ManifestRecord.Builder b) {
        b.attribute("objects", String.valueOf(scene.objects().size()));
        b.attribute("background", scene.background().name().toLowerCase(Locale.ROOT));
        for (int k = 0; k < scene.objects().size(); k++) {
            ShapeObject o = scene.objects().get(k);
            b.attribute("o" + k + ".shape", o.shape().name().toLowerCase(Locale.ROOT));
            b.attribute("o" + k + ".colour", o.colour().name().toLowerCase(Locale.ROOT));
            b.attribute("o" + k + ".size", o.size().name().toLowerCase(Locale.ROOT));
            b.attribute("o" + k + ".position", o.position().name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Reads a scene back from a record's ground-truth attributes.
     *
     * @param r a record written by this builder
     * @return the scene
     */
    public static ShapeScene sceneOf(ManifestRecord r) {
        try {
            int n = Integer.parseInt(r.attributes().get("objects"));
            List<ShapeObject> objects = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                objects.add(new ShapeObject(ShapeKind.valueOf(upper(r, "o" + k + ".shape")), ShapeColour.valueOf(upper(r, "o" + k + ".colour")),
                        ShapeSize.valueOf(upper(r, "o" + k + ".size")), Position.valueOf(upper(r, "o" + k + ".position"))));
            }
            return new ShapeScene(objects, Background.valueOf(upper(r, "background")));
        } catch (RuntimeException e) {
            throw new DataException("record '" + r.id() + "' has no valid shapes ground truth (attributes " + r.attributes() + ")", e);
        }
    }

    private static String upper(ManifestRecord r, String key) {
        return r.attributes().get(key).toUpperCase(Locale.ROOT);
    }

    private static void writePng(BufferedImage img, Path file) throws IOException {
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private static String card(ShapesCorpusConfig c, List<ManifestRecord> records) {
        return "# Shapes corpus\n\nProcedural pictures drawn with Java2D by `org.speaktheart.data.shapes.ShapesCorpus`.\n\n"
                + "- items: " + c.items() + ", image size: " + c.imageSize() + " px, seed: " + c.seed() + "\n"
                + "- two-object fraction: " + c.twoObjectFraction() + ", coloured-background fraction: " + c.backgroundFraction() + "\n"
                + "- languages: " + c.languages() + ", speech: " + c.speech() + "\n"
                + "- splits: val " + c.valFraction() + ", test " + c.testFraction() + " of pictures; with speech, voices are disjoint between splits\n\n"
                + DatasetCard.countTables(records, List.of());
    }
}
