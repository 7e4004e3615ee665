package org.speaktheart.encoder.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.encoder.inference.SpeechEmbedding;
import org.speaktheart.encoder.inference.SpeechEncoder;
import org.speaktheart.encoder.training.DistillationData;

/**
 * Speech -> image retrieval per language against the teacher image embeddings of all images of the
 * data, with the teacher's own English-caption text -> image retrieval on the same items as the
 * upper bound, and speech -> caption retrieval: the same queries against one text vector per picture
 * (the normalised mean of the teacher's English-caption embeddings of that picture's items), which
 * measures how near a clip lands to its own caption in the teacher's text space, without the image
 * tower in between (what a generator conditioned on caption embeddings, or a caption prior, sees).
 */
public final class EncoderEvaluation {
    private EncoderEvaluation() {
    }

    /**
     * Speech and teacher figures of one language (or of one voice's utterances in that language).
     *
     * @param language the records' language
     * @param speech speech -> image retrieval
     * @param teacherText the teacher's English-caption text -> image retrieval on the same items (the bound)
     * @param speechToCaption speech -> caption retrieval against one caption vector per picture
     */
    public record LanguageResult(String language, RetrievalResult speech, RetrievalResult teacherText,
                                 RetrievalResult speechToCaption) {
        /** Speech R@1 as a fraction of the teacher's text R@1. */
        public double r1Ratio() {
            return teacherText.r1() == 0 ? 0 : speech.r1() / teacherText.r1();
        }
    }

    /**
     * Embeds every item with the exported encoder (in batches) and scores retrieval per language.
     *
     * @param batchSize clips per ONNX call
     * @return per language code, in order of first appearance
     */
    public static Map<String, LanguageResult> evaluate(SpeechEncoder encoder, DistillationData data, int batchSize) {
        return evaluate(encoder, data, batchSize, ManifestRecord::language);
    }

    /**
     * As {@link #evaluate(SpeechEncoder, DistillationData, int)}, with the queries grouped by voice:
     * each voice's utterances against all images of the data (the gallery is the same as per
     * language), which shows how far the encoder carries over to each held-out speaker.
     *
     * @param batchSize clips per ONNX call
     * @return per voice id (records without a voice under {@code "none"}), sorted by language then voice
     */
    public static Map<String, LanguageResult> evaluateByVoice(SpeechEncoder encoder, DistillationData data, int batchSize) {
        Map<String, LanguageResult> byVoice = evaluate(encoder, data, batchSize, r -> r.voice() == null ? "none" : r.voice());
        Map<String, LanguageResult> sorted = new TreeMap<>((a, b) -> {
            int c = byVoice.get(a).language().compareTo(byVoice.get(b).language());
            return c != 0 ? c : a.compareTo(b);
        });
        sorted.putAll(byVoice);
        return new LinkedHashMap<>(sorted);
    }

    private static Map<String, LanguageResult> evaluate(SpeechEncoder encoder, DistillationData data, int batchSize,
                                                        Function<ManifestRecord, String> group) {
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            ManifestRecord r = data.records().get(i);
            // A group holds one language: the voice ids of different languages never coincide, and
            // the language is part of the key when grouping by language.
            byGroup.computeIfAbsent(group.apply(r), k -> new ArrayList<>()).add(i);
        }
        float[][] captions = captionGallery(data);
        Map<String, LanguageResult> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> e : byGroup.entrySet()) {
            List<Integer> items = e.getValue();
            String recordLanguage = data.records().get(items.get(0)).language();
            float[][] speech = new float[items.size()][];
            float[][] text = new float[items.size()][];
            int[] truth = new int[items.size()];
            String language = encoder.languages().contains(recordLanguage) ? recordLanguage : String.join(",", encoder.languages());
            for (int from = 0; from < items.size(); from += batchSize) {
                List<Integer> part = items.subList(from, Math.min(items.size(), from + batchSize));
                List<SpeechEmbedding> emb = encoder.embedBatch(part.stream().map(data.clips()::get).toList(), language);
                for (int k = 0; k < part.size(); k++) {
                    speech[from + k] = emb.get(k).vector();
                }
            }
            for (int k = 0; k < items.size(); k++) {
                text[k] = data.textTargets()[items.get(k)];
                truth[k] = data.imageIndex()[items.get(k)];
            }
            out.put(e.getKey(), new LanguageResult(recordLanguage, Retrieval.recall(speech, truth, data.imageTargets()),
                    Retrieval.recall(text, truth, data.imageTargets()), Retrieval.recall(speech, truth, captions)));
        }
        return out;
    }

    /** Per image index, the unit mean of the text targets of the items showing it: {@code [images][D]}. */
    static float[][] captionGallery(DistillationData data) {
        double[][] sum = new double[data.imageCount()][data.dim()];
        for (int i = 0; i < data.size(); i++) {
            float[] t = data.textTargets()[i];
            double[] acc = sum[data.imageIndex()[i]];
            for (int d = 0; d < t.length; d++) {
                acc[d] += t[d];
            }
        }
        float[][] gallery = new float[sum.length][];
        for (int g = 0; g < sum.length; g++) {
            double norm = 0;
            for (double v : sum[g]) {
                norm += v * v;
            }
            double scale = 1 / Math.sqrt(norm + 1e-24);
            gallery[g] = new float[sum[g].length];
            for (int d = 0; d < sum[g].length; d++) {
                gallery[g][d] = (float) (sum[g][d] * scale);
            }
        }
        return gallery;
    }
}
