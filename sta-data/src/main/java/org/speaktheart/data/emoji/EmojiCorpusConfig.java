package org.speaktheart.data.emoji;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.speaktheart.data.DataException;
import org.speaktheart.data.tts.Engine;

/**
 * Options of an emoji corpus build. Build with {@link #builder(Path, Path)}; {@code build()}
 * validates every field and names the offending one.
 *
 * @param outputDir directory receiving {@code manifest.jsonl}, {@code images/}, {@code audio/}, {@code licences/}, {@code README.md}
 * @param cacheDir package cache (see {@link PackageStore})
 * @param fetch whether missing packages may be fetched with {@code npm pack}
 * @param categories emoji categories to include
 * @param concepts explicit concept ids (unified hex, e.g. {@code 1F34E}); empty = every concept of the categories
 * @param maxConcepts keep at most this many concepts (in Unicode order); 0 = no limit
 * @param imageSize picture side, pixels
 * @param seed seed of every random choice
 * @param languages caption languages, a subset of {@link EmojiCaptions#LANGUAGES} ({@code en}, {@code ar}, {@code fr});
 *     French needs English and Arabic CLDR names too (the concept set is the bilingual one)
 * @param speech whether to synthesise the captions
 * @param engines engines allowed for speech
 * @param utterancesPerImage utterances per picture, language and split
 * @param trainUtterancesPerImage utterances per picture and language in the train split, at least
 *     {@code utterancesPerImage}; the ones beyond {@code utterancesPerImage} are drawn from their own
 *     random stream, so raising this count adds train speech and leaves every other record as it was
 * @param valStyles art styles of the val split (never in train)
 * @param testStyles art styles of the test split (never in train)
 * @param speechThreads synthesis processes at once
 * @param processTimeout time limit of each external process (synthesis, dwebp)
 */
public record EmojiCorpusConfig(Path outputDir, Path cacheDir, boolean fetch, Set<String> categories, List<String> concepts,
                                int maxConcepts, int imageSize, long seed, List<String> languages, boolean speech,
                                Set<Engine> engines, int utterancesPerImage, int trainUtterancesPerImage, Set<EmojiStyle> valStyles,
                                Set<EmojiStyle> testStyles, int speechThreads, Duration processTimeout) {

    /** Every category of pictures (all but Flags, Symbols and Component). */
    public static final Set<String> ALL_PICTURE_CATEGORIES = Set.of("Smileys & Emotion", "People & Body", "Animals & Nature",
            "Food & Drink", "Travel & Places", "Activities", "Objects");

    /** The default categories: the ones resembling the birds and flowers benchmarks. */
    public static final Set<String> DEFAULT_CATEGORIES = Set.of("Animals & Nature", "Food & Drink");

    /**
     * @param outputDir output directory
     * @param cacheDir package cache directory
     * @return a builder with defaults: fetch on, Animals &amp; Nature + Food &amp; Drink, all their
     *     concepts, 64 px, seed 0, en+ar, speech with every engine, 2 utterances per picture,
     *     language and split (train included), val and test on the Fluent 3D style, 2 threads, 30 s timeout
     */
    public static Builder builder(Path outputDir, Path cacheDir) {
        return new Builder(outputDir, cacheDir);
    }

    /** @return styles of the train split: those in neither val nor test */
    public Set<EmojiStyle> trainStyles() {
        EnumSet<EmojiStyle> s = EnumSet.allOf(EmojiStyle.class);
        s.removeAll(valStyles);
        s.removeAll(testStyles);
        return s;
    }

    /** Builder of {@link EmojiCorpusConfig}. */
    public static final class Builder {
        private final Path outputDir;
        private final Path cacheDir;
        private boolean fetch = true;
        private Set<String> categories = DEFAULT_CATEGORIES;
        private List<String> concepts = List.of();
        private int maxConcepts;
        private int imageSize = 64;
        private long seed;
        private List<String> languages = List.of("en", "ar");
        private boolean speech = true;
        private Set<Engine> engines = EnumSet.allOf(Engine.class);
        private int utterancesPerImage = 2;
        private int trainUtterancesPerImage;
        private Set<EmojiStyle> valStyles = EnumSet.of(EmojiStyle.FLUENT_3D);
        private Set<EmojiStyle> testStyles = EnumSet.of(EmojiStyle.FLUENT_3D);
        private int speechThreads = 2;
        private Duration processTimeout = Duration.ofSeconds(30);

        private Builder(Path outputDir, Path cacheDir) {
            this.outputDir = outputDir;
            this.cacheDir = cacheDir;
        }

        /** @param v whether to fetch missing packages @return this */
        public Builder fetch(boolean v) { fetch = v; return this; }
        /** @param v categories @return this */
        public Builder categories(Set<String> v) { categories = v; return this; }
        /** @param v explicit concept ids @return this */
        public Builder concepts(List<String> v) { concepts = v; return this; }
        /** @param v concept limit, 0 = none @return this */
        public Builder maxConcepts(int v) { maxConcepts = v; return this; }
        /** @param v picture side, pixels @return this */
        public Builder imageSize(int v) { imageSize = v; return this; }
        /** @param v seed @return this */
        public Builder seed(long v) { seed = v; return this; }
        /** @param v languages @return this */
        public Builder languages(List<String> v) { languages = v; return this; }
        /** @param v whether to synthesise speech @return this */
        public Builder speech(boolean v) { speech = v; return this; }
        /** @param v engines allowed @return this */
        public Builder engines(Set<Engine> v) { engines = v; return this; }
        /** @param v utterances per picture, language and split @return this */
        public Builder utterancesPerImage(int v) { utterancesPerImage = v; return this; }
        /** @param v utterances per picture and language in the train split; 0 = {@code utterancesPerImage} @return this */
        public Builder trainUtterancesPerImage(int v) { trainUtterancesPerImage = v; return this; }
        /** @param v val styles @return this */
        public Builder valStyles(Set<EmojiStyle> v) { valStyles = v; return this; }
        /** @param v test styles @return this */
        public Builder testStyles(Set<EmojiStyle> v) { testStyles = v; return this; }
        /** @param v synthesis processes at once @return this */
        public Builder speechThreads(int v) { speechThreads = v; return this; }
        /** @param v per-process time limit @return this */
        public Builder processTimeout(Duration v) { processTimeout = v; return this; }

        /** @return the validated config */
        public EmojiCorpusConfig build() {
            if (outputDir == null) {
                throw new DataException("outputDir is required");
            }
            if (cacheDir == null) {
                throw new DataException("cacheDir is required");
            }
            if (categories == null || categories.isEmpty()) {
                throw new DataException("categories must name at least one emoji category, got " + categories);
            }
            if (!ALL_PICTURE_CATEGORIES.containsAll(categories)) {
                throw new DataException("categories must be picture categories " + new java.util.TreeSet<>(ALL_PICTURE_CATEGORIES)
                        + " (Flags, Symbols and Component are excluded), got " + categories);
            }
            if (concepts == null || maxConcepts < 0) {
                throw new DataException("concepts must be a list and maxConcepts >= 0, got " + concepts + ", " + maxConcepts);
            }
            if (imageSize < 8 || imageSize > 1024) {
                throw new DataException("imageSize must be in [8, 1024] pixels, got " + imageSize);
            }
            if (languages == null || languages.isEmpty() || !EmojiCaptions.LANGUAGES.containsAll(languages)
                    || languages.stream().distinct().count() != languages.size()) {
                throw new DataException("languages must be a non-empty, duplicate-free subset of " + EmojiCaptions.LANGUAGES + ", got " + languages);
            }
            if (speech && (engines == null || engines.isEmpty())) {
                throw new DataException("engines must name at least one engine when speech is on, got " + engines);
            }
            if (utterancesPerImage < 1) {
                throw new DataException("utterancesPerImage must be >= 1, got " + utterancesPerImage);
            }
            int trainUtterances = trainUtterancesPerImage == 0 ? utterancesPerImage : trainUtterancesPerImage;
            if (trainUtterances < utterancesPerImage) {
                throw new DataException("trainUtterancesPerImage must be 0 (= utterancesPerImage) or >= utterancesPerImage ("
                        + utterancesPerImage + "), got " + trainUtterancesPerImage);
            }
            if (valStyles == null || valStyles.isEmpty() || testStyles == null || testStyles.isEmpty()) {
                throw new DataException("valStyles and testStyles must each name at least one style, got " + valStyles + ", " + testStyles);
            }
            EnumSet<EmojiStyle> held = EnumSet.copyOf(valStyles);
            held.addAll(testStyles);
            if (held.size() == EmojiStyle.values().length) {
                throw new DataException("valStyles and testStyles together must leave at least one style for training, got " + held);
            }
            if (speechThreads < 1) {
                throw new DataException("speechThreads must be >= 1, got " + speechThreads);
            }
            if (processTimeout == null || processTimeout.isNegative() || processTimeout.isZero()) {
                throw new DataException("processTimeout must be positive, got " + processTimeout);
            }
            return new EmojiCorpusConfig(outputDir, cacheDir, fetch, Set.copyOf(categories), List.copyOf(concepts), maxConcepts,
                    imageSize, seed, List.copyOf(languages), speech, engines == null ? Set.of() : Set.copyOf(engines), utterancesPerImage, trainUtterances,
                    Set.copyOf(valStyles), Set.copyOf(testStyles), speechThreads, processTimeout);
        }
    }
}
