package org.speaktheart.pipeline.recipe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.train.TrainingLoop;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.encoder.eval.EncoderEvaluation;
import org.speaktheart.encoder.network.SpeechEncoderConfig;
import org.speaktheart.encoder.training.Augmentation;
import org.speaktheart.encoder.training.DistillationConfig;
import org.speaktheart.encoder.training.EncoderTrainer;
import org.speaktheart.encoder.training.TeacherTargets;
import org.speaktheart.encoder.training.TeacherTargetsFactory;
import org.speaktheart.teacher.EmbeddingCache;
import org.speaktheart.teacher.LockedTextTeacher;

/**
 * Recipe stage 3: distils the speech encoder toward the teacher's image and caption embeddings
 * (sta-encoder's {@link EncoderTrainer}, targets through the teacher's embedding cache) on the train
 * clips of the chosen languages and exports {@value #FILE}. Figures: per language, speech R@1 over
 * the test split as a fraction of the teacher text's R@1.
 */
final class EncoderStage {
    /** The exported encoder's file name (the one {@link EncoderTrainer} writes). */
    static final String FILE = "encoder.onnx";

    private EncoderStage() {
    }

    /** The teacher's targets for every record, through the recipe's embedding cache. */
    static TeacherTargets targets(Path teacherTower, Manifest manifest, Path cache) {
        try (LockedTextTeacher teacher = LockedTextTeacher.load(teacherTower, RuntimeConfig.defaults(), 64)) {
            return TeacherTargetsFactory.fromTeacher(teacher, manifest, new EmbeddingCache(cache));
        }
    }

    static StageOutput run(Path dir, RecipeConfig c, Manifest manifest, Path teacherTower, Path cache, long seed,
                           Consumer<String> log) {
        EncoderOptions o = c.encoder();
        TeacherTargets targets = targets(teacherTower, manifest, cache);
        SpeechEncoderConfig network = SpeechEncoderConfig.builder().width(o.width()).layers(o.layers()).heads(o.heads())
                .mlpHidden(4 * o.width()).outputDim(targets.dim()).build();
        DistillationConfig distillation = new DistillationConfig(o.batchSize(), 1.0, 100,
                new Augmentation(new double[0], o.noise(), 10, 30, Augmentation.standard().specAugment()));
        log.accept("encoder: distilling " + String.join(",", c.languages()) + " speech toward " + targets.teacherId()
                + " for " + o.steps() + " steps");
        EncoderTrainer.Result r;
        try (NDManager manager = Engine.getEngine(TrainingLoop.ENGINE).newBaseManager()) {
            r = EncoderTrainer.train(new EncoderTrainer.Request(manifest, targets, new LinkedHashSet<>(c.languages()),
                    network, distillation, RecipeData.training(dir, o.steps(), seed, o.learningRate(), c.checkpointInterval())
                            .weightDecay(0.05).emaDecay(o.steps() >= 1000 ? 0.998 : 0).build(), dir), null, manager);
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("steps", (double) r.training().endStep());
        figures.put("lastLoss", r.training().lastLoss());
        for (EncoderEvaluation.LanguageResult lr : r.test().values()) {
            figures.put("testSpeechToTeacherR1Ratio." + lr.language(), lr.r1Ratio());
            log.accept(String.format(Locale.ROOT, "encoder: %s test speech %s | teacher text %s | ratio %.3f",
                    lr.language(), lr.speech(), lr.teacherText(), lr.r1Ratio()));
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("options", o.toString());
        provenance.put("seed", Long.toString(seed));
        provenance.put("teacher", targets.teacherId());
        return new StageOutput(List.of(FILE), figures, provenance);
    }
}
