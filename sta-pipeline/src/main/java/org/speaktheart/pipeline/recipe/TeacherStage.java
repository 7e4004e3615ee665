package org.speaktheart.pipeline.recipe;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.teacher.CaptionedImageManifest;
import org.speaktheart.teacher.ConceptSet;
import org.speaktheart.teacher.ContrastiveDataset;
import org.speaktheart.teacher.ImagePreprocessing;
import org.speaktheart.teacher.ImageTowerConfig;
import org.speaktheart.teacher.ImageTowerTrainer;
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

    /** Distinct pictures of some entries with their concept index; entries of unknown concepts are left out. */
    private record Pictures(List<Path> paths, float[][] pixels, int[] concepts) {
        static Pictures of(List<CaptionedImageManifest.Entry> entries, ConceptSet set, ImagePreprocessing pre) {
            Map<Path, String> unique = new LinkedHashMap<>();
            for (CaptionedImageManifest.Entry e : entries) {
                if (set.indexOf(e.conceptId()) >= 0) {
                    unique.putIfAbsent(e.image(), e.conceptId());
                }
            }
            List<Path> paths = new ArrayList<>(unique.keySet());
            float[][] pixels = new float[paths.size()][];
            int[] concepts = new int[paths.size()];
            for (int i = 0; i < paths.size(); i++) {
                pixels[i] = pre.apply(read(paths.get(i)));
                concepts[i] = set.indexOf(unique.get(paths.get(i)));
            }
            return new Pictures(paths, pixels, concepts);
        }
    }

    static StageOutput run(Path dir, RecipeConfig c, long seed, Consumer<String> log) {
        TeacherOptions o = c.teacher();
        List<CaptionedImageManifest.Entry> all = CaptionedImageManifest.read(c.manifest());
        List<CaptionedImageManifest.Entry> train = all.stream()
                .filter(e -> e.language().equals("en") && e.split().equals("train")).toList();
        List<CaptionedImageManifest.Entry> held = all.stream()
                .filter(e -> e.language().equals("en") && !e.split().equals("train")).toList();
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
        Pictures trainPictures = Pictures.of(train, concepts, tower.preprocessing());
        Pictures heldPictures = Pictures.of(held, concepts, tower.preprocessing());
        log.accept("teacher: " + concepts.ids().size() + " concepts, " + trainPictures.paths().size() + " train pictures, "
                + o.steps() + " steps");
        ContrastiveDataset data = new ContrastiveDataset(trainPictures.pixels(), trainPictures.concepts(),
                concepts.embeddings(), o.imageSize());
        TowerTrainingConfig config = TowerTrainingConfig.builder().tower(tower)
                .training(RecipeData.training(dir, o.steps(), seed, o.learningRate(), c.checkpointInterval())
                        .weightDecay(0.05).emaDecay(o.steps() >= 1000 ? 0.99 : 0).build())
                .batchSize(Math.min(o.batchSize(), Math.max(2, trainPictures.paths().size()))).flip(true).jitter(0.2f)
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
            if (heldPictures.paths().size() > 0) {
                ZeroShotRetrieval.RetrievalResult r = ZeroShotRetrieval.evaluate(trained.embed(heldPictures.pixels(), 64),
                        heldPictures.concepts(), concepts.embeddings());
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

    private static BufferedImage read(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new RecipeException("picture " + file + " is not in a format ImageIO reads (PNG, JPEG, BMP, GIF)");
            }
            return image;
        } catch (IOException e) {
            throw new RecipeException("cannot read picture " + file + ": " + e.getMessage(), e);
        }
    }
}
