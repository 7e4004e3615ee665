package org.speaktheart.pipeline.recipe;

import java.util.List;
import java.util.Map;

/**
 * What a stage's work produced, for its marker: output files (relative to the stage directory), the
 * figures it measured and how it ran.
 *
 * @param files output file names relative to the stage directory
 * @param figures measured numbers
 * @param provenance options, seeds, inputs
 */
record StageOutput(List<String> files, Map<String, Double> figures, Map<String, String> provenance) {
    StageOutput {
        files = List.copyOf(files);
        figures = Map.copyOf(figures);
        provenance = Map.copyOf(provenance);
    }
}
