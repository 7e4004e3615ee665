package org.speaktheart.encoder.langid;

import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.encoder.EncoderInputException;
import org.speaktheart.encoder.inference.SpeechEncoder;

/**
 * A language identifier trained and scored on a manifest: the clips of the training splits (at most
 * {@code maxPerLanguage} per language, drawn with the seed) train it ({@link LanguageIdTrainer}),
 * its temperature is calibrated on one held-out split (when given), and the written ONNX file is then
 * scored on each held-out split, per language and per voice (accuracy does not depend on the temperature).
 * Audio is decoded batch by batch, so memory does not grow with the corpus.
 */
public final class ManifestLanguageId {
    private ManifestLanguageId() {
    }

    /**
     * What to train and score.
     *
     * @param languages the classes; empty = every language of the encoder
     * @param trainSplits the splits whose clips train the identifier
     * @param evalSplits held-out splits to score (a split without audio in the languages is skipped)
     * @param maxPerLanguage training clips per language, 0 = all
     * @param calibrationSplit the held-out split whose clips set the temperature, or null for none (T = 1)
     * @param training the optimiser settings
     */
    public record Request(List<String> languages, List<Split> trainSplits, List<Split> evalSplits, int maxPerLanguage,
                          Split calibrationSplit, LanguageIdTrainingConfig training) {
        public Request {
            languages = List.copyOf(languages);
            trainSplits = List.copyOf(trainSplits);
            if (trainSplits.isEmpty() || trainSplits.stream().anyMatch(evalSplits::contains)
                    || trainSplits.contains(calibrationSplit)) {
                throw new EncoderInputException("training splits must be given and must be neither scored nor used for "
                        + "calibration: train " + trainSplits + ", scored " + evalSplits + ", calibration " + calibrationSplit);
            }
            evalSplits = List.copyOf(evalSplits);
            if (maxPerLanguage < 0) {
                throw new EncoderInputException("clips per language must be >= 0 (0 = all), got " + maxPerLanguage);
            }
        }
    }

    /**
     * The outcome.
     *
     * @param training the fit
     * @param byLanguage per scored split key: accuracy overall ({@code "all"}) and per language
     * @param byVoice per scored split key: accuracy overall and per "language voice"
     * @param byDuration per scored split key: accuracy overall and per clip duration band ({@link #durationBand})
     */
    public record Report(LanguageIdTrainer.Result training, Map<String, Map<String, LanguageIdAccuracy>> byLanguage,
                         Map<String, Map<String, LanguageIdAccuracy>> byVoice,
                         Map<String, Map<String, LanguageIdAccuracy>> byDuration) {
    }

    /**
     * Trains on the manifest, writes {@code out}, scores the held-out splits.
     *
     * @throws EncoderInputException for a language the encoder does not serve or a language without training audio
     */
    public static Report run(Path encoderFile, Manifest manifest, Request request, Path out, Consumer<String> log) {
        try (SpeechEncoder encoder = SpeechEncoder.load(encoderFile, RuntimeConfig.defaults())) {
            List<String> langs = request.languages().isEmpty() ? encoder.languages() : request.languages();
            for (String l : langs) {
                if (!encoder.languages().contains(l)) {
                    throw new EncoderInputException("the encoder " + encoderFile + " was not trained on '" + l
                            + "'; it serves " + encoder.languages());
                }
            }
            List<ManifestRecord> train = trainingRecords(manifest, request, langs);
            log.accept(String.format(Locale.ROOT, "language id: encoding %d clips of splits %s", train.size(),
                    request.trainSplits().stream().map(Split::key).toList()));
            List<float[]> features = LanguageIdTrainer.pooledFrames(encoder, clips(manifest, train, new double[train.size()]),
                    log);
            Map<Split, List<ManifestRecord>> held = new LinkedHashMap<>();
            Map<Split, List<float[]>> heldFeatures = new LinkedHashMap<>();
            Map<Split, double[]> heldDurations = new LinkedHashMap<>();
            List<Split> heldSplits = new ArrayList<>(request.evalSplits());
            if (request.calibrationSplit() != null && !heldSplits.contains(request.calibrationSplit())) {
                heldSplits.add(request.calibrationSplit());
            }
            for (Split split : heldSplits) {
                List<ManifestRecord> recs = withAudio(manifest.split(split), langs);
                if (recs.isEmpty()) {
                    log.accept("language id: split " + split.key() + " has no audio in " + langs + ", not used");
                    continue;
                }
                held.put(split, recs);
                double[] seconds = new double[recs.size()];
                heldFeatures.put(split, LanguageIdTrainer.pooledFrames(encoder, clips(manifest, recs, seconds), s -> { }));
                heldDurations.put(split, seconds);
            }
            List<float[]> calibration = heldFeatures.getOrDefault(request.calibrationSplit(), List.of());
            List<String> calibrationLabels = held.getOrDefault(request.calibrationSplit(), List.of()).stream()
                    .map(ManifestRecord::language).toList();
            LanguageIdTrainer.Result fit = LanguageIdTrainer.train(encoderFile, features,
                    train.stream().map(ManifestRecord::language).toList(), langs, calibration, calibrationLabels,
                    request.training(), out, log);
            Map<String, Map<String, LanguageIdAccuracy>> byLanguage = new LinkedHashMap<>();
            Map<String, Map<String, LanguageIdAccuracy>> byVoice = new LinkedHashMap<>();
            Map<String, Map<String, LanguageIdAccuracy>> byDuration = new LinkedHashMap<>();
            try (LanguageIdentifier id = LanguageIdentifier.load(out, RuntimeConfig.defaults())) {
                for (Split split : request.evalSplits()) {
                    List<ManifestRecord> recs = held.get(split);
                    if (recs == null) {
                        continue;
                    }
                    List<LanguageGuess> guesses = id.identifyPooled(heldFeatures.get(split));
                    List<String> truth = recs.stream().map(ManifestRecord::language).toList();
                    byLanguage.put(split.key(), LanguageIdAccuracy.byGroup(guesses, truth, truth));
                    byVoice.put(split.key(), LanguageIdAccuracy.byGroup(guesses, truth,
                            recs.stream().map(r -> r.language() + " " + r.voice()).toList()));
                    double[] seconds = heldDurations.get(split);
                    byDuration.put(split.key(), LanguageIdAccuracy.byGroup(guesses, truth,
                            java.util.Arrays.stream(seconds).mapToObj(ManifestLanguageId::durationBand).toList()));
                    log.accept("language id, split " + split.key() + ": " + byLanguage.get(split.key()));
                }
            }
            return new Report(fit, byLanguage, byVoice, byDuration);
        }
    }

    private static List<ManifestRecord> trainingRecords(Manifest m, Request request, List<String> langs) {
        List<ManifestRecord> all = withAudio(m.records().stream().filter(r -> request.trainSplits().contains(r.split())).toList(),
                langs);
        List<ManifestRecord> chosen = new ArrayList<>();
        for (String l : langs) {
            List<ManifestRecord> of = new ArrayList<>(all.stream().filter(r -> r.language().equals(l)).toList());
            if (of.isEmpty()) {
                throw new EncoderInputException("splits " + request.trainSplits().stream().map(Split::key).toList() + " of " + m.file()
                        + " has no audio in language '" + l + "'");
            }
            Collections.shuffle(of, new Random(request.training().seed()));
            int n = request.maxPerLanguage() == 0 ? of.size() : Math.min(request.maxPerLanguage(), of.size());
            chosen.addAll(of.subList(0, n));
        }
        return chosen;
    }

    private static List<ManifestRecord> withAudio(List<ManifestRecord> records, List<String> langs) {
        return records.stream().filter(r -> r.audioPath() != null && langs.contains(r.language())).toList();
    }

    /** The duration band of a clip: {@code "<1s"}, {@code "1-2s"} or {@code ">=2s"}. */
    public static String durationBand(double seconds) {
        return seconds < 1 ? "<1s" : seconds < 2 ? "1-2s" : ">=2s";
    }

    /**
     * The records' audio, decoded when read, so that only one encoder batch is held in memory; each
     * clip's duration in seconds is written to {@code seconds} as it is decoded.
     */
    private static List<AudioClip> clips(Manifest m, List<ManifestRecord> records, double[] seconds) {
        AudioDecoder decoder = AudioDecoder.standard();
        return new AbstractList<>() {
            @Override
            public AudioClip get(int index) {
                AudioClip clip = decoder.decode(m.resolve(records.get(index).audioPath()));
                seconds[index] = clip.durationSeconds();
                return clip;
            }

            @Override
            public int size() {
                return records.size();
            }
        };
    }
}
