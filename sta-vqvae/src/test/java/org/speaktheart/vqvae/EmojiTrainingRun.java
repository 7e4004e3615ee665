package org.speaktheart.vqvae;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.core.train.LrDecay;
import org.speaktheart.core.train.TrainingConfig;

/**
 * The training of the {@code tiny} preset on the emoji corpus recorded in docs/vqvae.md (a run
 * script kept with the tests, not a test): trains on the google and twitter styles, evaluates on the
 * held-out fluent-3d style, writes checkpoints, metrics, a reconstruction grid, the exported
 * tokenizer and a summary.
 *
 * <p>Arguments: corpus folder, output folder, steps, batch size.
 */
public final class EmojiTrainingRun {
    private EmojiTrainingRun() {
    }

    /** Runs the training; see the class comment for the arguments. */
    public static void main(String[] args) {
        Path corpus = Path.of(args[0]);
        Path out = Path.of(args[1]);
        long steps = Long.parseLong(args[2]);
        int batch = Integer.parseInt(args[3]);
        VqVaeConfig model = VqVaeConfig.tiny();
        ImageDataset google = ImageDataset.fromFolder(corpus.resolve("images/google"), 64);
        ImageDataset twitter = ImageDataset.fromFolder(corpus.resolve("images/twitter"), 64);
        java.util.List<java.awt.image.BufferedImage> all = new java.util.ArrayList<>(google.images());
        all.addAll(twitter.images());
        ImageDataset train = ImageDataset.of(all, 64);
        ImageDataset heldOut = ImageDataset.fromFolder(corpus.resolve("images/fluent-3d"), 64);
        VqVaeTrainingConfig config = VqVaeTrainingConfig.builder().model(model)
                .training(TrainingConfig.builder().steps(steps).seed(7).learningRate(2e-3)
                        .warmupSteps(Math.min(30, steps)).decay(LrDecay.cosine(2e-4)).weightDecay(0).clipNorm(1.0)
                        .checkpointDir(out.resolve("checkpoints")).checkpointInterval(25)
                        .metricsFile(out.resolve("metrics.jsonl")).logInterval(10).build())
                .batchSize(batch).horizontalFlips(true).restartInterval(50)
                .evaluationInterval(0).initSeed(1).build();
        long t0 = System.nanoTime();
        try (TrainedVqVae trained = VqVaeTrainer.train(config, train, heldOut,
                e -> System.out.println("evaluation " + e))) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            VqVaeEvaluation e = trained.lastEvaluation();
            trained.reconstructGrid(heldOut.images().subList(0, 16), out.resolve("reconstructions-fluent3d.png"));
            trained.reconstructGrid(train.images().subList(0, 8), out.resolve("reconstructions-train.png"));
            Map<String, String> prov = new LinkedHashMap<>();
            prov.put("dataset", "emoji corpus: train google+twitter (" + train.count() + " images), held out fluent-3d ("
                    + heldOut.count() + ")");
            prov.put("steps", Long.toString(trained.steps()));
            prov.put("heldOutPsnr", String.format(Locale.ROOT, "%.3f", e.psnr()));
            prov.put("heldOutSsim", String.format(Locale.ROOT, "%.4f", e.ssim()));
            prov.put("codesUsed", e.codebook().usedCodes() + "/" + e.codebook().codebookSize());
            trained.export(out.resolve("tokenizer"), prov);
            String summary = String.format(Locale.ROOT,
                    "{\"steps\":%d,\"batch\":%d,\"seconds\":%.1f,\"heldOutPsnr\":%.3f,\"heldOutSsim\":%.4f,"
                            + "\"codesUsed\":%d,\"codebookSize\":%d,\"perplexity\":%.2f,\"trainPsnrFirst64\":%.3f}%n",
                    trained.steps(), batch, seconds, e.psnr(), e.ssim(), e.codebook().usedCodes(),
                    e.codebook().codebookSize(), e.codebook().perplexity(),
                    trained.evaluate(ImageDataset.of(train.images().subList(0, 64), 64)).psnr());
            AtomicFiles.write(out.resolve("summary.json"), summary.getBytes(StandardCharsets.UTF_8));
            System.out.print(summary);
        }
    }
}
