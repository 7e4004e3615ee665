package org.speaktheart.pipeline.recipe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.encoder.training.TeacherTargets;
import org.speaktheart.pipeline.prior.CaptionPrior;

/**
 * Optional recipe stage after the teacher ({@code --caption-prior-temperature} > 0): writes the
 * {@link CaptionPrior} whose memory is the teacher's text embedding of every distinct English
 * caption of the train split (the very vectors the denoiser's text conditions are), through the
 * recipe's embedding cache. Nothing is trained; figures: the number of captions and the temperature.
 */
final class CaptionPriorStage {
    /** The prior's file name. */
    static final String FILE = "caption-prior.onnx";

    private CaptionPriorStage() {
    }

    /** The distinct English train captions' teacher text embeddings, in manifest order. */
    static float[][] memory(Manifest manifest, TeacherTargets targets) {
        Set<String> seen = new LinkedHashSet<>();
        List<float[]> out = new ArrayList<>();
        for (ManifestRecord r : manifest.split(Split.TRAIN)) {
            if ("en".equals(r.language()) && seen.add(r.caption())) {
                out.add(targets.englishText(r));
            }
        }
        if (out.isEmpty()) {
            throw new RecipeException("the caption prior needs English captions in the train split of " + manifest.file());
        }
        return out.toArray(float[][]::new);
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
