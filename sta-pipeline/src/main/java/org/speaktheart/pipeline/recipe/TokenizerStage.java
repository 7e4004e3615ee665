package org.speaktheart.pipeline.recipe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.vqvae.ImageDataset;
import org.speaktheart.vqvae.TrainedVqVae;
import org.speaktheart.vqvae.VqVaeConfig;
import org.speaktheart.vqvae.VqVaeEvaluation;
import org.speaktheart.vqvae.VqVaeExporter;
import org.speaktheart.vqvae.VqVaeTrainer;
import org.speaktheart.vqvae.VqVaeTrainingConfig;
import org.speaktheart.vqvae.VqVaeTrainingListener;

/**
 * Recipe stage 1: trains the VQ-VAE tokenizer on the distinct pictures of the train split and exports
 * {@code tokenizer-encoder.onnx} and {@code tokenizer-decoder.onnx}; figures are PSNR, SSIM and codebook
 * use on the pictures of the other splits (the train pictures when there are none).
 */
final class TokenizerStage {
    private TokenizerStage() {
    }

    static StageOutput run(Path dir, RecipeConfig c, Manifest manifest, long seed, Consumer<String> log) {
        TokenizerOptions o = c.tokenizer();
        List<String> train = RecipeData.imagePaths(manifest, EnumSet.of(Split.TRAIN));
        if (train.isEmpty()) {
            throw new RecipeException("manifest " + manifest.file() + " has no train-split pictures to train a tokenizer on");
        }
        List<String> held = new ArrayList<>(RecipeData.imagePaths(manifest, EnumSet.of(Split.VAL, Split.TEST)));
        held.removeAll(train);
        ImageDataset data = ImageDataset.fromPaths(RecipeData.resolve(manifest, train), o.imageSize());
        ImageDataset heldOut = held.isEmpty() ? data : ImageDataset.fromPaths(RecipeData.resolve(manifest, held), o.imageSize());
        log.accept("tokenizer: " + train.size() + " train pictures, " + held.size() + " held-out, " + o.steps() + " steps");
        VqVaeConfig model = VqVaeConfig.builder().imageSize(o.imageSize()).baseChannels(o.baseChannels())
                .channelMultipliers(1, 2, 2).resBlocksPerLevel(1).groups(o.baseChannels() % 8 == 0 ? 8 : 4)
                .codeDim(o.codeDim()).codebookSize(o.codebookSize()).build();
        VqVaeTrainingConfig config = VqVaeTrainingConfig.builder().model(model).batchSize(o.batchSize()).restartInterval(25)
                .evaluationInterval(0).initSeed(seed)
                .training(RecipeData.training(dir, o.steps(), seed + 1, o.learningRate(), c.checkpointInterval()).build())
                .build();
        Map<String, Double> figures = new LinkedHashMap<>();
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("options", o.toString());
        provenance.put("seed", Long.toString(seed));
        provenance.put("trainPictures", Integer.toString(train.size()));
        try (TrainedVqVae trained = VqVaeTrainer.train(config, data, heldOut, VqVaeTrainingListener.NONE)) {
            VqVaeEvaluation e = trained.evaluate(heldOut);
            figures.put("steps", (double) trained.steps());
            figures.put("heldOutPsnr", e.psnr());
            figures.put("heldOutSsim", e.ssim());
            figures.put("codesUsed", (double) e.codebook().usedCodes());
            figures.put("perplexity", e.codebook().perplexity());
            Map<String, String> meta = new LinkedHashMap<>(provenance);
            meta.put("dataset", manifest.file().toString());
            trained.export(dir, meta);
        }
        log.accept(String.format(java.util.Locale.ROOT, "tokenizer: held-out PSNR %.2f dB, SSIM %.3f, %d codes used",
                figures.get("heldOutPsnr"), figures.get("heldOutSsim"), figures.get("codesUsed").intValue()));
        return new StageOutput(List.of(VqVaeExporter.ENCODER_FILE, VqVaeExporter.DECODER_FILE), figures, provenance);
    }
}
