package org.speaktheart.teacher;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.train.LrDecay;
import org.speaktheart.core.train.TrainingConfig;

/**
 * The real training run of the default image tower on the emoji corpus (not a unit test: run by
 * hand, see docs/teacher.md). Trains on the English captions of the train split (Google and Twitter
 * art), evaluates zero-shot retrieval on the held-out style (test split, Fluent 3D) over all
 * concepts, exports the tower and re-evaluates through the ONNX {@link LockedTextTeacher}.
 *
 * <p>Arguments: corpusDir outDir steps batchSize baseChannels seed imageSize [evaluate]. With
 * {@code evaluate} no training runs: the newest checkpoint in {@code outDir/checkpoints} (EMA
 * weights) is evaluated and exported instead.
 */
public final class EmojiTowerRun {
    private EmojiTowerRun() {
    }

    public static void main(String[] args) throws IOException {
        Path corpus = Path.of(args[0]);
        Path out = Path.of(args[1]);
        long steps = Long.parseLong(args[2]);
        int batch = Integer.parseInt(args[3]);
        int base = Integer.parseInt(args[4]);
        long seed = Long.parseLong(args[5]);
        int size = Integer.parseInt(args[6]);
        Files.createDirectories(out);
        List<CaptionedImageManifest.Entry> all = CaptionedImageManifest.read(corpus.resolve("manifest.jsonl"));
        List<CaptionedImageManifest.Entry> train = all.stream().filter(e -> e.language().equals("en") && e.split().equals("train")).toList();
        List<CaptionedImageManifest.Entry> test = all.stream().filter(e -> e.language().equals("en") && e.split().equals("test")).toList();
        ImageTowerConfig tower = ImageTowerConfig.builder().imageSize(size).baseChannels(base).channelMultipliers(1, 2, 4, 4)
                .groups(8).build();
        ConceptSet concepts;
        String textIdentity;
        try (MiniLmTextEncoder text = new MiniLmTextEncoder(RuntimeConfig.builder().intraOpThreads(2).build())) {
            concepts = ConceptSet.of(train, text::embed);
            textIdentity = text.identity();
        }
        Images trainImages = Images.of(train, concepts, tower.preprocessing());
        Images testImages = Images.of(test, concepts, tower.preprocessing());
        System.out.printf(Locale.ROOT, "concepts %d, train images %d, test images %d%n", concepts.ids().size(),
                trainImages.paths.size(), testImages.paths.size());
        ContrastiveDataset data = new ContrastiveDataset(trainImages.pixels, trainImages.concepts, concepts.embeddings(), size);
        TrainingConfig training = TrainingConfig.builder().steps(steps).seed(seed).learningRate(1e-3).warmupSteps(Math.min(50, steps))
                .decay(LrDecay.cosine(1e-5)).weightDecay(0.05).clipNorm(1.0).emaDecay(0.99)
                .checkpointDir(out.resolve("checkpoints")).checkpointInterval(200).metricsFile(out.resolve("metrics.jsonl"))
                .logInterval(20).build();
        TowerTrainingConfig config = TowerTrainingConfig.builder().tower(tower).training(training).batchSize(batch).flip(true)
                .jitter(0.2f).maxShift(size / 10).initSeed(seed).reportInterval(50).build();
        if (args.length > 7 && args[7].equals("evaluate")) {
            Path checkpoint = new org.speaktheart.core.train.CheckpointStore(out.resolve("checkpoints"), 2).latest().orElseThrow();
            try (ai.djl.ndarray.NDManager manager = ai.djl.engine.Engine.getEngine("PyTorch").newBaseManager()) {
                ContrastiveImageModel model = new ContrastiveImageModel(tower);
                model.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 3, size, size));
                org.speaktheart.core.train.CheckpointStore.loadInto(checkpoint, model, true);
                long done = org.speaktheart.core.train.CheckpointStore.readHeader(checkpoint).step();
                finish(new TrainedImageTower(manager, model, false), corpus, out, done, batch, base, size, seed, Double.NaN, Double.NaN,
                        concepts, testImages, textIdentity);
            }
            return;
        }
        long t0 = System.nanoTime();
        ImageTowerTrainer.Result result = ImageTowerTrainer.train(config, data, (step, loss, scale, t) -> {
            ZeroShotRetrieval.RetrievalResult r = ZeroShotRetrieval.evaluate(t.embed(testImages.pixels, 64), testImages.concepts,
                    concepts.embeddings());
            System.out.printf(Locale.ROOT, "step %d loss %.4f scale %.2f %.1fs | held-out %s%n", step, loss, scale,
                    (System.nanoTime() - t0) / 1e9, r);
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        try (TrainedImageTower trained = result.tower()) {
            finish(trained, corpus, out, steps, batch, base, size, seed, seconds, result.lastLoss(), concepts, testImages, textIdentity);
        }
    }

    private static void finish(TrainedImageTower trained, Path corpus, Path out, long steps, int batch, int base, int size, long seed,
                               double seconds, double lastLoss, ConceptSet concepts, Images testImages, String textIdentity)
            throws IOException {
        ZeroShotRetrieval.RetrievalResult ema = ZeroShotRetrieval.evaluate(trained.embed(testImages.pixels, 64),
                testImages.concepts, concepts.embeddings());
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("sta.data", corpus.toAbsolutePath() + " (en, train split: google + twitter)");
        provenance.put("sta.training", String.format(Locale.ROOT, "steps %d, batch %d, base %d, %d px, seed %d, %.0f s, last loss %.4f",
                steps, batch, base, size, seed, seconds, lastLoss));
        provenance.put("sta.heldOut", "fluent-3d test split: " + ema);
        Path model = out.resolve("image-tower.onnx");
        trained.export(model, textIdentity, provenance);
        try (LockedTextTeacher teacher = LockedTextTeacher.load(model, RuntimeConfig.builder().intraOpThreads(2).build(), 64)) {
            List<BufferedImage> images = new ArrayList<>();
            for (Path p : testImages.paths) {
                images.add(ImageIO.read(p.toFile()));
            }
            float[][] conceptText = new float[concepts.ids().size()][];
            for (int c = 0; c < conceptText.length; c++) {
                conceptText[c] = Embeddings.normalize(sum(teacher.embedTexts(concepts.captions().get(c))));
            }
            ZeroShotRetrieval.RetrievalResult onnx = ZeroShotRetrieval.evaluate(teacher.embedImages(images), testImages.concepts,
                    conceptText);
            String report = String.format(Locale.ROOT,
                    "teacher %s%nsteps %d batch %d base %d size %d seed %d wall %.0f s last loss %.4f%nEMA weights (DJL): %s%nONNX teacher: %s%n",
                    teacher.identity(), steps, batch, base, size, seed, seconds, lastLoss, ema, onnx);
            System.out.print(report);
            Files.writeString(out.resolve("result.txt"), report, StandardCharsets.UTF_8);
        }
    }

    private static float[] sum(float[][] rows) {
        float[] s = new float[rows[0].length];
        for (float[] r : rows) {
            for (int d = 0; d < s.length; d++) {
                s[d] += r[d];
            }
        }
        return s;
    }

    /** Unique images of some records, preprocessed, with their concept indices. */
    private record Images(List<Path> paths, float[][] pixels, int[] concepts) {
        static Images of(List<CaptionedImageManifest.Entry> entries, ConceptSet set, ImagePreprocessing pre) throws IOException {
            Map<Path, String> unique = new LinkedHashMap<>();
            for (CaptionedImageManifest.Entry e : entries) {
                unique.putIfAbsent(e.image(), e.conceptId());
            }
            List<Path> paths = new ArrayList<>(unique.keySet());
            float[][] px = new float[paths.size()][];
            int[] c = new int[paths.size()];
            for (int i = 0; i < paths.size(); i++) {
                px[i] = pre.apply(ImageIO.read(paths.get(i).toFile()));
                c[i] = set.indexOf(unique.get(paths.get(i)));
                if (c[i] < 0) {
                    throw new IllegalStateException("concept " + unique.get(paths.get(i)) + " is not in the training concept set");
                }
            }
            return new Images(paths, px, c);
        }
    }
}
