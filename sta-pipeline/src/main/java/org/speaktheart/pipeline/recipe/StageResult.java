package org.speaktheart.pipeline.recipe;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One stage of a {@link TrainRecipe} run.
 *
 * @param stage stage name ({@code tokenizer}, {@code teacher}, {@code encoder}, {@code denoiser}, {@code bundle})
 * @param status whether it ran now, was already finished, or was provided by the caller
 * @param files its output files (absolute)
 * @param figures what it measured (from its marker when skipped; empty when provided)
 * @param provenance how it ran (from its marker when skipped; the file when provided)
 * @param finishedAtMillis when its marker was written, ms since the epoch (0 when provided)
 */
public record StageResult(String stage, Status status, List<Path> files, Map<String, Double> figures,
                          Map<String, String> provenance, long finishedAtMillis) {

    /** How a stage's output came to be. */
    public enum Status {
        /** Trained (or resumed and finished) in this run. */
        TRAINED,
        /** Already finished by an earlier run with the same options and inputs: skipped. */
        SKIPPED,
        /** A trained component given by the caller. */
        PROVIDED
    }

    public StageResult {
        files = List.copyOf(files);
        figures = Map.copyOf(figures);
        provenance = Map.copyOf(provenance);
    }

    /** The first output file. */
    public Path file() {
        return files.get(0);
    }
}
