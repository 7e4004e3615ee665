package org.speaktheart.pipeline.recipe;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.encoder.training.TeacherTargets;
import org.speaktheart.pipeline.PipelineInputException;
import org.speaktheart.pipeline.prior.CaptionPrior;

/**
 * Optional recipe stage after the teacher ({@code --caption-prior-temperature} > 0): writes the
 * {@link CaptionPrior} whose memory is the teacher's text embedding of every distinct English
 * caption of the train split (the very vectors the denoiser's text conditions are), through the
 * recipe's embedding cache. Nothing is trained; figures: the number of captions and the temperature.
 */
final class CaptionPriorStage {
    /** The prior's file name. */
    static final String FILE = CaptionPrior.FILE_NAME;

    private CaptionPriorStage() {
    }

    /** The distinct English train captions' teacher text embeddings, in manifest order. */
    static float[][] memory(Manifest manifest, TeacherTargets targets) {
        try {
            return CaptionPrior.memoryRecords(manifest).stream().map(targets::englishText).toArray(float[][]::new);
        } catch (PipelineInputException e) {
            throw new RecipeException(e.getMessage(), e);
        }
    }

    static StageOutput run(Path dir, Manifest manifest, Path teacherTower, Path cache, double temperature,
                           Consumer<String> log) {
        TeacherTargets targets = EncoderStage.targets(teacherTower, manifest, cache);
        float[][] memory = memory(manifest, targets);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("teacher", targets.teacherId());
        provenance.put("captions", "distinct English captions of the train split");
        byte[] model = CaptionPrior.export(memory, temperature, provenance);
        AtomicFiles.write(dir.resolve(FILE), model);
        log.accept(String.format(java.util.Locale.ROOT, "caption prior: %d captions, temperature %s", memory.length, temperature));
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("captions", (double) memory.length);
        figures.put("temperature", temperature);
        return new StageOutput(List.of(FILE), figures, provenance);
    }
}
