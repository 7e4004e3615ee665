package org.speaktheart.pipeline.recipe;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.encoder.langid.LanguageIdAccuracy;
import org.speaktheart.encoder.langid.LanguageIdTrainingConfig;
import org.speaktheart.encoder.langid.ManifestLanguageId;

/**
 * Recipe stage between the encoder and the denoiser, run when the recipe has two or more languages:
 * trains the spoken-language identifier on the encoder's frames of every train clip
 * ({@link ManifestLanguageId}, {@link LanguageIdTrainingConfig#defaults()} with the stage's seed) and
 * writes {@value #FILE}, its temperature calibrated on the val split. Figures: identification accuracy on
 * the val and test splits (overall and per language) when they have audio, and the temperature.
 */
final class LanguageIdStage {
    /** The identifier's file name. */
    static final String FILE = "language-identifier.onnx";

    private LanguageIdStage() {
    }

    /** The options that shape the identifier, for the stage key. */
    static String options() {
        return LanguageIdTrainingConfig.defaults().toString().replaceAll("seed=\\d+", "seed=stage")
                + " train=" + Split.TRAIN.key() + " calibration=" + Split.VAL.key();
    }

    static StageOutput run(Path dir, RecipeConfig c, Manifest manifest, Path encoder, long seed, Consumer<String> log) {
        LanguageIdTrainingConfig d = LanguageIdTrainingConfig.defaults();
        ManifestLanguageId.Request request = new ManifestLanguageId.Request(c.languages(), List.of(Split.TRAIN),
                List.of(Split.VAL, Split.TEST), 0, Split.VAL,
                new LanguageIdTrainingConfig(d.steps(), d.batchSize(), d.learningRate(), d.weightDecay(), seed));
        ManifestLanguageId.Report r = ManifestLanguageId.run(encoder, manifest, request, dir.resolve(FILE), log);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("trainAccuracy", r.training().trainAccuracy());
        figures.put("temperature", r.training().temperature());
        r.byLanguage().forEach((split, accuracies) -> accuracies.forEach((group, a) ->
                figures.put(split + "Accuracy" + (group.equals("all") ? "" : "." + group), a.accuracy())));
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("options", request.training().toString());
        provenance.put("seed", Long.toString(seed));
        provenance.put("trainClips", r.training().clipsPerLanguage().toString());
        LanguageIdAccuracy test = r.byLanguage().getOrDefault(Split.TEST.key(), Map.of()).get("all");
        log.accept(String.format(Locale.ROOT, "language id: test accuracy %s", test == null ? "not measured" : test));
        return new StageOutput(List.of(FILE), figures, provenance);
    }
}
