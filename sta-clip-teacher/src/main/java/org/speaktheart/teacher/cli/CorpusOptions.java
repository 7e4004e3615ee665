package org.speaktheart.teacher.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.speaktheart.data.manifest.Split;
import picocli.CommandLine.Option;

/** The corpus options both subcommands share (a picocli mixin). */
final class CorpusOptions {
    @Option(names = "--manifest", required = true, paramLabel = "FILE",
            description = "manifest.jsonl of a captioned-image corpus (sta-data format); picture paths resolve against its directory")
    Path manifest;

    @Option(names = "--language", defaultValue = "en", description = "caption language (default: ${DEFAULT-VALUE})")
    String language;

    @Option(names = "--concept-splits", split = ",", defaultValue = "TRAIN", paramLabel = "SPLIT",
            converter = SplitConverter.class,
            description = "splits whose captions define the candidate concepts of the retrieval (prompt ensembles); "
                    + "comma-separated train, val, test (default: train)")
    List<Split> conceptSplits;

    Set<Split> conceptSplitSet() {
        return EnumSet.copyOf(conceptSplits);
    }

    /** Parses the manifest spelling of a split (train, val, test). */
    static final class SplitConverter implements picocli.CommandLine.ITypeConverter<Split> {
        @Override
        public Split convert(String value) {
            try {
                return Split.fromKey(value.toLowerCase(java.util.Locale.ROOT));
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
