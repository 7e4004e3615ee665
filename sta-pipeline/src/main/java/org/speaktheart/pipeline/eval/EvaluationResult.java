package org.speaktheart.pipeline.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link Evaluation#evaluate} returns: the report and the images of each language's grid.
 *
 * @param report the figures
 * @param grids per language, the rows of its image grid
 */
public record EvaluationResult(EvaluationReport report, Map<String, List<Evaluation.GridRow>> grids) {

    /** Copies the map, keeping the language order. */
    public EvaluationResult {
        grids = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(grids));
    }

    /**
     * Writes {@code report.json}, {@code report.md}, and the PNG grids and plots into a directory.
     *
     * @return the files written
     */
    public List<Path> write(Path dir) {
        return ReportWriter.write(this, dir);
    }
}
