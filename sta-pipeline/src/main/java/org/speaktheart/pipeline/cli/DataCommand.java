package org.speaktheart.pipeline.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.speaktheart.data.ConsoleProgress;
import org.speaktheart.data.emoji.EmojiCorpus;
import org.speaktheart.data.emoji.EmojiCorpusConfig;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.data.revoice.RevoiceConfig;
import org.speaktheart.data.revoice.Revoicer;
import org.speaktheart.data.shapes.ShapesCorpus;
import org.speaktheart.data.shapes.ShapesCorpusConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sta data}: builds the built-in spoken-caption corpora (sta-data) into a directory. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Build the built-in spoken-caption corpora.",
        subcommands = {DataCommand.Emoji.class, DataCommand.Shapes.class, DataCommand.Revoice.class})
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

    /** {@code sta data revoice}: a split's utterances spoken again by further voices, as new records. */
    @Command(name = "revoice", mixinStandardHelpOptions = true,
            description = {"Speaks a split's utterances again with further text-to-speech voices and writes a manifest with the "
                    + "source's records unchanged plus one new record per re-spoken utterance (attribute revoicedFrom), so "
                    + "training hears more speakers while val and test stay as they were. Voices already speaking in another "
                    + "split are refused. An interrupted run resumes: WAVs already written are kept. See docs/data.md."})
    static final class Revoice implements Callable<Integer> {
        @Option(names = "--manifest", required = true, description = "Source manifest.")
        private Path manifest;

        @Option(names = "--out", required = true,
                description = "Manifest to write, in the source's directory (audio paths are relative to it), e.g. manifest-revoiced.jsonl.")
        private Path out;

        @Option(names = "--language", required = true, description = "Language of the utterances re-spoken, e.g. en.")
        private String language;

        @Option(names = "--voices", required = true, split = ",",
                description = "New voices as engine/name, comma-separated, e.g. festival/rab_diphone,festival/ked_diphone.")
        private List<String> voices;

        @Option(names = "--split", defaultValue = "train", description = "Split re-spoken: train, val or test (default: ${DEFAULT-VALUE}).")
        private String split;

        @Option(names = "--max-records", defaultValue = "0",
                description = "Re-speak at most this many utterances, chosen by the seed; 0 = all (default: ${DEFAULT-VALUE}).")
        private int maxRecords;

        @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
        private long seed;

        @Option(names = "--threads", defaultValue = "2", description = "Synthesis processes at once (default: ${DEFAULT-VALUE}).")
        private int threads;

        @Override
        public Integer call() {
            long start = System.nanoTime();
            Path target = out.isAbsolute() || out.getParent() != null ? out : manifest.toAbsolutePath().getParent().resolve(out);
            RevoiceConfig config = RevoiceConfig.builder(language).voices(voices).split(Split.fromKey(split))
                    .maxRecords(maxRecords).seed(seed).threads(threads).build();
            return report(Revoicer.revoice(ManifestIO.read(manifest), target, config, new ConsoleProgress(System.err, 5000)), start);
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
