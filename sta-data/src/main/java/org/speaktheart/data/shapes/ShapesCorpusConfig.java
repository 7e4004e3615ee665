package org.speaktheart.data.shapes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.speaktheart.data.DataException;

/**
 * Options of a shapes corpus build. Build with {@link #builder(Path)}; {@code build()} validates
 * every field and names the offending one.
 *
 * @param outputDir directory that receives {@code manifest.jsonl}, {@code images/}, {@code audio/} and {@code README.md}
 * @param items number of pictures
 * @param imageSize picture side, pixels
 * @param seed seed of every random choice (scenes, splits, templates, voices, prosody)
 * @param twoObjectFraction probability that a picture holds two objects (left and right)
 * @param backgroundFraction probability of a non-white background
 * @param languages caption languages, subset of {@code en}, {@code ar}
 * @param speech whether to synthesise every caption
 * @param speechThreads synthesis processes at once
 * @param processTimeout time limit of each synthesis process
 * @param valFraction fraction of pictures in val
 * @param testFraction fraction of pictures in test
 */
public record ShapesCorpusConfig(Path outputDir, int items, int imageSize, long seed, double twoObjectFraction,
                                 double backgroundFraction, List<String> languages, boolean speech, int speechThreads,
                                 Duration processTimeout, double valFraction, double testFraction) {

    /**
     * @param outputDir output directory
     * @return a builder with defaults: 1000 items, 64 px, seed 0, 25 % two objects, 25 % coloured
     *     backgrounds, en+ar, no speech, 2 threads, 30 s timeout, 10 % val, 10 % test
     */
    public static Builder builder(Path outputDir) {
        return new Builder(outputDir);
    }

    /** Builder of {@link ShapesCorpusConfig}. */
    public static final class Builder {
        private final Path outputDir;
        private int items = 1000;
        private int imageSize = 64;
        private long seed;
        private double twoObjectFraction = 0.25;
        private double backgroundFraction = 0.25;
        private List<String> languages = List.of("en", "ar");
        private boolean speech;
        private int speechThreads = 2;
        private Duration processTimeout = Duration.ofSeconds(30);
        private double valFraction = 0.1;
        private double testFraction = 0.1;

        private Builder(Path outputDir) {
            this.outputDir = outputDir;
        }

        /** @param v number of pictures, at least 1 @return this */
        public Builder items(int v) { items = v; return this; }
        /** @param v picture side, pixels, at least 16 @return this */
        public Builder imageSize(int v) { imageSize = v; return this; }
        /** @param v seed @return this */
        public Builder seed(long v) { seed = v; return this; }
        /** @param v probability of two objects, [0, 1] @return this */
        public Builder twoObjectFraction(double v) { twoObjectFraction = v; return this; }
        /** @param v probability of a non-white background, [0, 1] @return this */
        public Builder backgroundFraction(double v) { backgroundFraction = v; return this; }
        /** @param v caption languages @return this */
        public Builder languages(List<String> v) { languages = v; return this; }
        /** @param v whether to synthesise speech @return this */
        public Builder speech(boolean v) { speech = v; return this; }
        /** @param v synthesis processes at once, at least 1 @return this */
        public Builder speechThreads(int v) { speechThreads = v; return this; }
        /** @param v time limit per synthesis process @return this */
        public Builder processTimeout(Duration v) { processTimeout = v; return this; }
        /** @param v val fraction @return this */
        public Builder valFraction(double v) { valFraction = v; return this; }
        /** @param v test fraction @return this */
        public Builder testFraction(double v) { testFraction = v; return this; }

        /** @return the validated config */
        public ShapesCorpusConfig build() {
            if (outputDir == null) {
                throw new DataException("outputDir is required");
            }
            if (items < 1) {
                throw new DataException("items must be >= 1, got " + items);
            }
            if (imageSize < 16) {
                throw new DataException("imageSize must be >= 16 pixels, got " + imageSize);
            }
            checkFraction("twoObjectFraction", twoObjectFraction);
            checkFraction("backgroundFraction", backgroundFraction);
            checkFraction("valFraction", valFraction);
            checkFraction("testFraction", testFraction);
            if (valFraction + testFraction >= 1) {
                throw new DataException("valFraction + testFraction must be < 1, got " + (valFraction + testFraction));
            }
            if (languages == null || languages.isEmpty() || !List.of("en", "ar").containsAll(languages)
                    || languages.stream().distinct().count() != languages.size()) {
                throw new DataException("languages must be a non-empty, duplicate-free subset of [en, ar], got " + languages);
            }
            if (speechThreads < 1) {
                throw new DataException("speechThreads must be >= 1, got " + speechThreads);
            }
            if (processTimeout == null || processTimeout.isNegative() || processTimeout.isZero()) {
                throw new DataException("processTimeout must be positive, got " + processTimeout);
            }
            return new ShapesCorpusConfig(outputDir, items, imageSize, seed, twoObjectFraction, backgroundFraction,
                    List.copyOf(languages), speech, speechThreads, processTimeout, valFraction, testFraction);
        }

        private static void checkFraction(String name, double v) {
            if (!(v >= 0 && v <= 1)) {
                throw new DataException(name + " must be in [0, 1], got " + v);
            }
        }
    }
}
