package org.speaktheart.pipeline.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.speaktheart.data.ConsoleProgress;
import org.speaktheart.data.emoji.EmojiCorpus;
import org.speaktheart.data.emoji.EmojiCorpusConfig;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.shapes.ShapesCorpus;
import org.speaktheart.data.shapes.ShapesCorpusConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sta data}: builds the built-in spoken-caption corpora (sta-data) into a directory. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Build the built-in spoken-caption corpora.",
        subcommands = {DataCommand.Emoji.class, DataCommand.Shapes.class})
final class DataCommand implements Runnable {

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static Integer report(Manifest m, long startNanos) {
        System.out.printf("%d records in %s (%.1f s)%n", m.records().size(), m.file(), (System.nanoTime() - startNanos) / 1e9);
        return 0;
    }

    /** {@code sta data emoji}: the emoji speech corpus, English and Arabic by default, French on request. */
    @Command(name = "emoji", mixinStandardHelpOptions = true,
            description = {"Builds the emoji speech corpus (English and Arabic by default; --languages adds French): fetches the emoji and CLDR packages "
                    + "with `npm pack` into the cache (only when missing), renders the pictures, writes the captions and "
                    + "speaks them with the installed text-to-speech engines. See docs/datasets/emoji.md."})
    static final class Emoji implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "Output directory (manifest.jsonl, images/, audio/, README.md).")
        private Path out;

        @Option(names = "--cache", required = true, description = "Package cache directory (reused across builds).")
        private Path cache;

        @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
        private long seed;

        @Option(names = "--max-concepts", defaultValue = "0",
                description = "Keep at most this many concepts, 0 = all of the default categories (default: ${DEFAULT-VALUE}).")
        private int maxConcepts;

        @Option(names = "--size", defaultValue = "64", description = "Picture side in pixels (default: ${DEFAULT-VALUE}).")
        private int size;

        @Option(names = "--threads", defaultValue = "2", description = "Synthesis processes at once (default: ${DEFAULT-VALUE}).")
        private int threads;

        @Option(names = "--utterances", defaultValue = "2",
                description = "Utterances per picture, language and split (default: ${DEFAULT-VALUE}).")
        private int utterances;

        @Option(names = "--train-utterances", defaultValue = "0",
                description = "Utterances per picture and language in the train split, 0 = --utterances; the extra ones "
                        + "leave every other record unchanged (default: ${DEFAULT-VALUE}).")
        private int trainUtterances;

        @Option(names = "--languages", split = ",", defaultValue = "en,ar",
                description = "Caption languages, comma-separated, from en, ar, fr (default: ${DEFAULT-VALUE}). A non-English "
                        + "corpus should keep en: the teacher's text target of a record is its concept's English captions.")
        private List<String> languages;

        @Override
        public Integer call() {
            long start = System.nanoTime();
            EmojiCorpusConfig.Builder b = EmojiCorpusConfig.builder(out, cache).seed(seed).imageSize(size).speechThreads(threads)
                    .utterancesPerImage(utterances).trainUtterancesPerImage(trainUtterances).languages(languages);
            if (maxConcepts > 0) {
                b.maxConcepts(maxConcepts);
            }
            return report(EmojiCorpus.build(b.build(), new ConsoleProgress(System.err, 5000)), start);
        }
    }

    /** {@code sta data shapes}: the procedural shapes corpus. */
    @Command(name = "shapes", mixinStandardHelpOptions = true,
            description = "Builds the procedural shapes corpus (Java2D pictures, English and Arabic captions, optional speech).")
    static final class Shapes implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "Output directory.")
        private Path out;

        @Option(names = "--items", defaultValue = "5000", description = "Pictures (default: ${DEFAULT-VALUE}).")
        private int items;

        @Option(names = "--size", defaultValue = "64", description = "Picture side in pixels (default: ${DEFAULT-VALUE}).")
        private int size;

        @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
        private long seed;

        @Option(names = "--speech", description = "Also speak every caption (needs the text-to-speech engines).")
        private boolean speech;

        @Option(names = "--threads", defaultValue = "2", description = "Synthesis processes at once (default: ${DEFAULT-VALUE}).")
        private int threads;

        @Override
        public Integer call() {
            long start = System.nanoTime();
            ShapesCorpusConfig config = ShapesCorpusConfig.builder(out).items(items).imageSize(size).seed(seed)
                    .speech(speech).speechThreads(threads).build();
            return report(ShapesCorpus.build(config, new ConsoleProgress(System.err, 5000)), start);
        }
    }
}
