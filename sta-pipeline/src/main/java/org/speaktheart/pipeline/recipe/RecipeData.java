package org.speaktheart.pipeline.recipe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.speaktheart.core.train.LrDecay;
import org.speaktheart.core.train.TrainingConfig;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;

/** Selections from the manifest and the harness settings every training stage of the recipe shares. */
final class RecipeData {
    /** Harness metrics file name in a stage directory. */
    static final String METRICS = "metrics.jsonl";
    /** Loss-curve PNG name in a stage directory. */
    static final String LOSS_PNG = "loss.png";
    /** Harness checkpoint folder name in a stage directory. */
    static final String CHECKPOINTS = "checkpoints";

    private RecipeData() {
    }

    /** Distinct image paths (as written in the manifest) of the records of some splits, in file order. */
    static List<String> imagePaths(Manifest m, Set<Split> splits) {
        Set<String> paths = new LinkedHashSet<>();
        for (ManifestRecord r : m.records()) {
            if (splits.contains(r.split())) {
                paths.add(r.imagePath());
            }
        }
        return new ArrayList<>(paths);
    }

    /** Resolves manifest paths against the manifest's directory. */
    static List<Path> resolve(Manifest m, List<String> paths) {
        return paths.stream().map(m::resolve).toList();
    }

    /**
     * The harness settings of a stage: checkpoints and metrics inside its directory, linear warm-up over
     * a tenth of the steps (at most 200), cosine decay to a twentieth of the peak, clipping at 1.
     */
    static TrainingConfig.Builder training(Path stageDir, long steps, long seed, double learningRate, int checkpointInterval) {
        return TrainingConfig.builder().steps(steps).seed(seed).learningRate(learningRate)
                .warmupSteps(Math.min(200, steps / 10)).decay(LrDecay.cosine(learningRate / 20)).clipNorm(1.0)
                .checkpointDir(stageDir.resolve(CHECKPOINTS)).checkpointInterval(Math.min(checkpointInterval, steps))
                .keepCheckpoints(2).metricsFile(stageDir.resolve(METRICS)).logInterval(Math.max(1, Math.min(100, steps / 10)));
    }
}
