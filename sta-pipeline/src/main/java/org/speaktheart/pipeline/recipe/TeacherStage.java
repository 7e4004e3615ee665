package org.speaktheart.pipeline.recipe;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.teacher.ConceptSet;
import org.speaktheart.teacher.ContrastiveDataset;
import org.speaktheart.teacher.ImagePreprocessing;
import org.speaktheart.teacher.ImageTowerConfig;
import org.speaktheart.teacher.ImageTowerTrainer;
import org.speaktheart.teacher.ManifestImages;
import org.speaktheart.teacher.MiniLmTextEncoder;
import org.speaktheart.teacher.TowerTrainingConfig;
import org.speaktheart.teacher.TrainedImageTower;
import org.speaktheart.teacher.ZeroShotRetrieval;

/**
 * Recipe stage 2: trains the default teacher's image tower contrastively against the frozen MiniLM
 * embeddings of the English captions of the train split (one ensemble embedding per concept) and
 * exports {@value #FILE}. Figure: zero-shot image-to-concept R@1 of the held-out pictures (other
 * splits, concepts seen in training) against chance.
 */
final class TeacherStage {
    /** The exported tower's file name. */
    static final String FILE = "image-tower.onnx";

    private TeacherStage() {
    }

    /** Pictures of some records whose concept is a candidate, labelled; the others are left out. */
    private static ManifestImages pictures(Manifest manifest, List<ManifestRecord> records, ConceptSet set) {
        return ManifestImages.of(manifest, records.stream().filter(r -> set.indexOf(r.conceptId()) >= 0).toList(), set);
    }

    static StageOutput run(Path dir, RecipeConfig c, long seed, Consumer<String> log) {
        TeacherOptions o = c.teacher();
        Manifest manifest = ManifestIO.read(c.manifest());
        List<ManifestRecord> train = manifest.records().stream()
                .filter(r -> r.language().equals("en") && r.split() == Split.TRAIN).toList();
        List<ManifestRecord> held = manifest.records().stream()
                .filter(r -> r.language().equals("en") && r.split() != Split.TRAIN).toList();
        if (train.isEmpty()) {
            throw new RecipeException("manifest " + c.manifest() + " has no English train-split captions; the default "
                    + "teacher's text tower reads English, so its image tower trains on them");
        }
        ImageTowerConfig tower = ImageTowerConfig.builder().imageSize(o.imageSize()).baseChannels(o.baseChannels())
                .groups(o.baseChannels() % 8 == 0 ? 8 : 4).build();
        ConceptSet concepts;
        String textIdentity;
        try (MiniLmTextEncoder text = new MiniLmTextEncoder(RuntimeConfig.defaults())) {
            concepts = ConceptSet.of(train, text::embed);
            textIdentity = text.identity();
        }
        ManifestImages trainImages = pictures(manifest, train, concepts);
        ManifestImages heldImages = pictures(manifest, held, concepts);
        float[][] trainPixels = trainImages.pixels(tower.preprocessing());
        log.accept("teacher: " + concepts.ids().size() + " concepts, " + trainImages.size() + " train pictures, "
                + o.steps() + " steps");
        ContrastiveDataset data = new ContrastiveDataset(trainPixels, trainImages.concepts(),
                concepts.embeddings(), o.imageSize());
        TowerTrainingConfig config = TowerTrainingConfig.builder().tower(tower)
                .training(RecipeData.training(dir, o.steps(), seed, o.learningRate(), c.checkpointInterval())
                        .weightDecay(0.05).emaDecay(o.steps() >= 1000 ? 0.99 : 0).build())
                .batchSize(Math.min(o.batchSize(), Math.max(2, trainImages.size()))).flip(true).jitter(0.2f)
                .maxShift(o.imageSize() / 10).initSeed(seed).reportInterval(o.steps()).build();
        Map<String, Double> figures = new LinkedHashMap<>();
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("options", o.toString());
        provenance.put("seed", Long.toString(seed));
        provenance.put("textTower", textIdentity);
        ImageTowerTrainer.Result result = ImageTowerTrainer.train(config, data, (step, loss, scale, t) -> { });
        try (TrainedImageTower trained = result.tower()) {
            figures.put("steps", (double) o.steps());
            figures.put("lastLoss", result.lastLoss());
            if (heldImages.size() > 0) {
                ZeroShotRetrieval.RetrievalResult r = ZeroShotRetrieval.evaluate(
                        trained.embed(heldImages.pixels(tower.preprocessing()), 64), heldImages.concepts(), concepts.embeddings());
                figures.put("heldOutImageToConceptR1", r.imageToConceptR1());
                figures.put("heldOutChanceR1", r.chanceImageToConceptR1());
                log.accept(String.format(Locale.ROOT, "teacher: held-out image-to-concept R@1 %.3f (chance %.3f)",
                        r.imageToConceptR1(), r.chanceImageToConceptR1()));
            }
            Map<String, String> meta = new LinkedHashMap<>(provenance);
            meta.put("sta.data", c.manifest().toString());
            trained.export(dir.resolve(FILE), textIdentity, meta);
        }
        return new StageOutput(List.of(FILE), figures, provenance);
    }
}
