package org.speaktheart.data.emoji;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.speaktheart.data.DataException;
import org.speaktheart.data.DatasetCard;
import org.speaktheart.data.ProgressListener;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.data.tts.ParallelSynthesis;
import org.speaktheart.data.tts.ProcessRunner;
import org.speaktheart.data.tts.SpeechRequest;
import org.speaktheart.data.tts.SynthesisJob;
import org.speaktheart.data.tts.TtsEngines;
import org.speaktheart.data.tts.Voice;
import org.speaktheart.data.tts.VoicePartition;

/**
 * Builds the emoji speech corpus (English and Arabic, optionally French).
 *
 * <p>Every concept is drawn in every art style; train uses the styles outside
 * {@link EmojiCorpusConfig#valStyles()} and {@link EmojiCorpusConfig#testStyles()}, and each split
 * uses its own disjoint set of voices per language ({@link VoicePartition}), so test speech comes
 * from unheard voices describing pictures in an unseen style, with the same concepts in every split.
 * All random choices derive from the seed, in a fixed iteration order (concepts in Unicode order,
 * styles, splits, languages), so the same seed and package versions give a byte-identical manifest.
 *
 * <p>Output: {@code manifest.jsonl}; {@code images/<style>/<base>.png}; {@code audio/<lang>/<id>.wav};
 * {@code licences/<package>/} (each source's licence and package.json); {@code README.md} (dataset
 * card). Attributes: {@code style}, {@code category}, {@code subcategory}, {@code emoji},
 * {@code template}, {@code colour} (when measured), and with speech {@code speed} and {@code pitch}.
 */
public final class EmojiCorpus {
    private EmojiCorpus() { }

    /**
     * Builds the corpus, detecting the installed speech engines.
     *
     * @param config options
     * @param listener progress (stages {@code images}, {@code speech})
     * @return the written manifest
     */
    public static Manifest build(EmojiCorpusConfig config, ProgressListener listener) {
        TtsEngines engines = config.speech() ? TtsEngines.detect(config.processTimeout()).only(config.engines()) : null;
        return build(config, engines, listener);
    }

    /**
     * Builds the corpus with given engines.
     *
     * @param config options
     * @param engines speech engines (ignored without speech)
     * @param listener progress
     * @return the written manifest
     * @throws org.speaktheart.data.tts.NoVoiceException when a language has fewer than 3 voices
     */
    public static Manifest build(EmojiCorpusConfig config, TtsEngines engines, ProgressListener listener) {
        long t0 = System.nanoTime();
        Path out = config.outputDir().toAbsolutePath();
        ProcessRunner runner = new ProcessRunner(config.processTimeout());
        PackageStore store = new PackageStore(config.cacheDir(), config.fetch(), new ProcessRunner(Duration.ofMinutes(15)));
        List<EmojiConcept> concepts = selectConcepts(config, store);
        EmojiImages images = new EmojiImages(runner);

        Map<String, Map<Split, List<Voice>>> voices = new TreeMap<>();
        if (config.speech()) {
            for (String lang : config.languages()) {
                voices.put(lang, VoicePartition.partition(engines.requireVoices(lang), config.seed()));
            }
        }
        SplittableRandom mainRandom = new SplittableRandom(config.seed());
        // extra train utterances use their own stream, so adding them leaves the other records unchanged
        SplittableRandom extraRandom = new SplittableRandom(config.seed() ^ 0x5EED_7A11_0000_0001L);
        List<ManifestRecord> records = new ArrayList<>();
        List<SynthesisJob> jobs = new ArrayList<>();
        int done = 0;
        int total = concepts.size() * EmojiStyle.values().length;
        for (EmojiConcept c : concepts) {
            Map<String, List<String>> keywords = new LinkedHashMap<>();
            for (String lang : config.languages()) {
                keywords.put(lang, EmojiCaptions.usableKeywords(c, lang));
            }
            boolean hasKeyword = keywords.values().stream().noneMatch(List::isEmpty);
            for (EmojiStyle style : EmojiStyle.values()) {
                BufferedImage argb = images.load(store.file(style.pkg(), style.imagePath(c)));
                Optional<ColourWord> colour = ColourWord.dominant(argb);
                String image = "images/" + style.key() + "/" + c.baseName() + ".png";
                writePng(EmojiImages.compositeOnWhite(argb, config.imageSize()), out.resolve(image));
                List<Integer> templates = EmojiCaptions.applicable(c, colour, hasKeyword, config.languages());
                for (Split split : splitsOf(style, config)) {
                    for (String lang : config.languages()) {
                        int count = split == Split.TRAIN ? config.trainUtterancesPerImage() : config.utterancesPerImage();
                        for (int k = 0; k < count; k++) {
                            SplittableRandom rnd = k < config.utterancesPerImage() ? mainRandom : extraRandom;
                            int template = templates.get(rnd.nextInt(templates.size()));
                            List<String> kws = keywords.get(lang);
                            String keyword = kws.isEmpty() ? null : kws.get(rnd.nextInt(kws.size()));
                            String caption = EmojiCaptions.caption(c, lang, template, colour, keyword);
                            if (!caption.contains(c.name(lang).toLowerCase(Locale.ROOT)) && !caption.contains(c.name(lang))) {
                                throw new DataException("caption '" + caption + "' does not name concept " + c.unified() + " (" + c.name(lang) + ")");
                            }
                            String id = "emoji-" + c.baseName() + "-" + style.key() + "-" + split.key() + "-" + lang + "-" + k;
                            ManifestRecord.Builder b = ManifestRecord.builder().id(id).imagePath(image).conceptId(c.unified())
                                    .caption(caption).language(lang).split(split)
                                    .attribute("style", style.key()).attribute("category", c.category())
                                    .attribute("subcategory", c.subcategory()).attribute("emoji", c.emoji())
                                    .attribute("template", String.valueOf(template));
                            colour.ifPresent(cw -> b.attribute("colour", cw.english()));
                            if (config.speech()) {
                                List<Voice> pool = voices.get(lang).get(split);
                                Voice v = pool.get(rnd.nextInt(pool.size()));
                                double speed = Math.round((0.85 + 0.35 * rnd.nextDouble()) * 100) / 100.0;
                                double pitch = Math.round((-3 + 6 * rnd.nextDouble()) * 10) / 10.0;
                                String audio = "audio/" + lang + "/" + id + ".wav";
                                b.voice(v.id()).audioPath(audio).attribute("speed", String.valueOf(speed))
                                        .attribute("pitch", String.valueOf(pitch));
                                jobs.add(new SynthesisJob(new SpeechRequest(caption, v, speed, pitch), out.resolve(audio)));
                            }
                            records.add(b.build());
                        }
                    }
                }
                listener.progress("images", ++done, total);
            }
        }
        if (config.speech()) {
            ParallelSynthesis.run(engines, jobs, config.speechThreads(), listener);
        }
        copyLicences(store, out);
        Manifest m = ManifestIO.write(out.resolve("manifest.jsonl"), records);
        double seconds = (System.nanoTime() - t0) / 1e9;
        ManifestIO.writeAtomically(out.resolve("README.md"), card(config, concepts, m.records(), voices, engines, seconds)
                .getBytes(StandardCharsets.UTF_8));
        return m;
    }

    /**
     * The concepts a config selects: those of its categories (or its explicit list) that have a
     * picture in every style. Unpacks their pictures into the cache.
     *
     * @param config options
     * @param store package cache
     * @return concepts in Unicode order
     */
    static List<EmojiConcept> selectConcepts(EmojiCorpusConfig config, PackageStore store) {
        List<EmojiConcept> all = EmojiCatalog.load(store, config.categories(), config.languages());
        List<EmojiConcept> chosen = all;
        if (!config.concepts().isEmpty()) {
            Set<String> want = config.concepts().stream().map(s -> s.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
            chosen = all.stream().filter(c -> want.contains(c.unified())).toList();
            Set<String> found = chosen.stream().map(EmojiConcept::unified).collect(Collectors.toSet());
            Set<String> absent = new HashSet<>(want);
            absent.removeAll(found);
            if (!absent.isEmpty()) {
                throw new DataException("concepts " + new java.util.TreeSet<>(absent)
                        + " are not picture concepts of categories " + config.categories() + " with English and Arabic CLDR names"
                        + (config.languages().contains("fr") ? " and French ones" : ""));
            }
        }
        for (EmojiStyle style : EmojiStyle.values()) {
            store.require(style.pkg(), chosen.stream().map(style::imagePath).toList());
        }
        List<EmojiConcept> complete = chosen.stream()
                .filter(c -> java.util.Arrays.stream(EmojiStyle.values()).allMatch(s -> store.isPresent(s.pkg(), s.imagePath(c)))).toList();
        if (config.maxConcepts() > 0 && complete.size() > config.maxConcepts()) {
            complete = complete.subList(0, config.maxConcepts());
        }
        if (complete.isEmpty()) {
            throw new DataException("no concept of " + config.categories() + " has a picture in every style " + List.of(EmojiStyle.values()));
        }
        return complete;
    }

    private static List<Split> splitsOf(EmojiStyle style, EmojiCorpusConfig config) {
        List<Split> s = new ArrayList<>();
        if (config.trainStyles().contains(style)) {
            s.add(Split.TRAIN);
        }
        if (config.valStyles().contains(style)) {
            s.add(Split.VAL);
        }
        if (config.testStyles().contains(style)) {
            s.add(Split.TEST);
        }
        return s;
    }

    private static void writePng(BufferedImage img, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".img-", ".png");
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new DataException("no PNG writer available");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DataException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void copyLicences(PackageStore store, Path out) {
        for (EmojiPackage p : EmojiPackage.values()) {
            for (String f : List.of("LICENSE", "package.json")) {
                store.unpackIfCached(p, List.of(f));
                if (store.isPresent(p, f)) {
                    try {
                        Path dst = out.resolve("licences").resolve(p.unpackedName()).resolve(f);
                        Files.createDirectories(dst.getParent());
                        Files.copy(store.file(p, f), dst, StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        throw new DataException("cannot copy licence of " + p.spec() + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    private static String card(EmojiCorpusConfig c, List<EmojiConcept> concepts, List<ManifestRecord> records,
                               Map<String, Map<Split, List<Voice>>> voices, TtsEngines engines, double seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Emoji speech corpus (").append(languageNames(c.languages())).append(")\n\n");
        sb.append("Built by `org.speaktheart.data.emoji.EmojiCorpus` in ").append(String.format(Locale.ROOT, "%.1f", seconds)).append(" s.\n\n");
        sb.append("## Sources and licences\n\n| package | version | licence | attribution |\n| --- | --- | --- | --- |\n");
        for (EmojiPackage p : EmojiPackage.values()) {
            sb.append("| ").append(p.npmName()).append(" | ").append(p.version()).append(" | ").append(p.licence()).append(" | ")
                    .append(p.attribution()).append(" |\n");
        }
        sb.append("\nThe Apple and Facebook emoji sets have no usable licence and are not used. Licence files are in `licences/`.\n\n");
        sb.append("## Configuration\n\n");
        sb.append("- categories: ").append(new java.util.TreeSet<>(c.categories())).append("; concepts: ").append(concepts.size()).append('\n');
        sb.append("- image size: ").append(c.imageSize()).append(" px, composited on white (area averaging)\n");
        sb.append("- seed: ").append(c.seed()).append("; languages: ").append(c.languages()).append("; utterances per picture, language and split: ")
                .append(c.utterancesPerImage())
                .append(" (train: ").append(c.trainUtterancesPerImage()).append(")\n");
        sb.append("- styles: train ").append(keys(c.trainStyles())).append(", val ").append(keys(c.valStyles())).append(", test ")
                .append(keys(c.testStyles())).append('\n');
        sb.append("- speech: ").append(c.speech()).append(", threads ").append(c.speechThreads()).append(", speed in [0.85, 1.2], pitch in [-3, 3] semitones\n\n");
        if (c.speech()) {
            sb.append("## Engines\n\n```\n").append(engines.report()).append("```\n\n## Voices per split\n\n");
            sb.append("| language | split | voices |\n| --- | --- | --- |\n");
            for (Map.Entry<String, Map<Split, List<Voice>>> e : voices.entrySet()) {
                Map<Split, List<Voice>> bySplit = new EnumMap<>(e.getValue());
                for (Map.Entry<Split, List<Voice>> s : bySplit.entrySet()) {
                    sb.append("| ").append(e.getKey()).append(" | ").append(s.getKey().key()).append(" | ")
                            .append(s.getValue().stream().map(Voice::id).collect(Collectors.joining(", "))).append(" |\n");
                }
            }
            sb.append('\n');
        }
        sb.append("## Counts\n\n").append(DatasetCard.countTables(records, List.of("style", "template")));
        return sb.toString();
    }

    private static String languageNames(List<String> languages) {
        List<String> n = languages.stream().map(l -> Locale.forLanguageTag(l).getDisplayLanguage(Locale.ENGLISH)).toList();
        return n.size() == 1 ? n.get(0) : String.join(", ", n.subList(0, n.size() - 1)) + " and " + n.get(n.size() - 1);
    }

    private static String keys(Set<EmojiStyle> s) {
        return s.stream().sorted().map(EmojiStyle::key).toList().toString();
    }
}
