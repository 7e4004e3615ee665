package org.speaktheart.encoder.cli;

import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.speaktheart.core.io.AtomicFiles;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.encoder.langid.LanguageIdAccuracy;
import org.speaktheart.encoder.langid.LanguageIdTrainingConfig;
import org.speaktheart.encoder.langid.ManifestLanguageId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sta encoder langid}: trains a spoken-language identifier on an exported encoder's frames
 * from a manifest's training split, then scores it on held-out splits (accuracy per split, language
 * and voice) through the written ONNX file ({@link ManifestLanguageId}).
 */
@Command(name = "langid", mixinStandardHelpOptions = true,
        description = "Train a spoken-language identifier on an encoder's frames and score it on held-out splits.")
final class LanguageIdCommand implements Callable<Integer> {
    @Option(names = "--encoder", required = true, description = "the exported speech encoder (encoder.onnx)")
    Path encoder;
    @Option(names = "--manifest", required = true, description = "manifest.jsonl with audio")
    Path manifest;
    @Option(names = {"-o", "--out"}, required = true, description = "identifier ONNX file to write")
    Path out;
    @Option(names = "--languages", split = ",", description = "languages to tell apart (default: the encoder's)")
    List<String> languages;
    @Option(names = "--train-splits", split = ",", defaultValue = "train",
            description = "splits to train on (default: ${DEFAULT-VALUE}); they cannot also be scored")
    List<String> trainSplits;
    @Option(names = "--eval-splits", split = ",", defaultValue = "val,test",
            description = "held-out splits to score (default: ${DEFAULT-VALUE}); splits without audio are skipped")
    List<String> evalSplits;
    @Option(names = "--calibration-split", defaultValue = "val",
            description = "held-out split whose clips set the temperature of the probabilities (default: ${DEFAULT-VALUE}; "
                    + "'none' = no calibration)")
    String calibrationSplit;
    @Option(names = "--max-per-language", defaultValue = "0",
            description = "training clips per language, drawn with the seed (0 = all; default: ${DEFAULT-VALUE})")
    int maxPerLanguage;
    @Option(names = "--steps", defaultValue = "1000", description = "optimiser steps (default: ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--batch", defaultValue = "64", description = "clips per step (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--lr", defaultValue = "0.01", description = "learning rate (default: ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--weight-decay", defaultValue = "0.01", description = "weight decay (default: ${DEFAULT-VALUE})")
    double weightDecay;
    @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--report", description = "also write the figures to this JSON file")
    Path report;

    @Override
    public Integer call() {
        ManifestLanguageId.Request request = new ManifestLanguageId.Request(languages == null ? List.of() : languages,
                trainSplits.stream().map(Split::fromKey).toList(), evalSplits.stream().map(Split::fromKey).toList(), maxPerLanguage,
                calibrationSplit.equals("none") ? null : Split.fromKey(calibrationSplit),
                new LanguageIdTrainingConfig(steps, batch, lr, weightDecay, seed));
        ManifestLanguageId.Report r = ManifestLanguageId.run(encoder, ManifestIO.read(manifest), request, out,
                System.out::println);
        for (Map<String, Map<String, LanguageIdAccuracy>> grouping : List.of(r.byVoice(), r.byDuration())) {
            grouping.forEach((split, groups) -> groups.forEach((g, a) -> {
                if (!g.equals("all")) {
                    System.out.printf(Locale.ROOT, "language id, split %s, %s: %s%n", split, g, a);
                }
            }));
        }
        if (report != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("model", out.toString());
            json.put("encoder", encoder.toString());
            json.put("manifest", manifest.toString());
            json.put("trainSplits", trainSplits);
            json.put("trainClips", r.training().clipsPerLanguage());
            json.put("trainAccuracy", r.training().trainAccuracy());
            json.put("calibrationSplit", calibrationSplit);
            json.put("temperature", r.training().temperature());
            json.put("calibrationNll", r.training().calibrationNll());
            json.put("steps", steps);
            json.put("seed", seed);
            Map<String, Object> held = new LinkedHashMap<>();
            for (String split : r.byLanguage().keySet()) {
                Map<String, Map<String, LanguageIdAccuracy>> both = new LinkedHashMap<>();
                both.put("byLanguage", r.byLanguage().get(split));
                both.put("byVoice", r.byVoice().get(split));
                both.put("byDuration", r.byDuration().get(split));
                held.put(split, both);
            }
            json.put("heldOut", held);
            AtomicFiles.write(report, new GsonBuilder().setPrettyPrinting().create().toJson(json).getBytes(StandardCharsets.UTF_8));
        }
        return 0;
    }
}
