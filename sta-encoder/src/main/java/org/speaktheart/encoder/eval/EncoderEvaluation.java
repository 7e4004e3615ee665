package org.speaktheart.encoder.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.speaktheart.encoder.inference.SpeechEmbedding;
import org.speaktheart.encoder.inference.SpeechEncoder;
import org.speaktheart.encoder.training.DistillationData;

/**
 * Speech -> image retrieval per language against the teacher image embeddings of all images of the
 * data, with the teacher's own English-caption text -> image retrieval on the same items as the
 * upper bound.
 */
public final class EncoderEvaluation {
    private EncoderEvaluation() {
    }

    /** Speech and teacher figures of one language. */
    public record LanguageResult(String language, RetrievalResult speech, RetrievalResult teacherText) {
        /** Speech R@1 as a fraction of the teacher's text R@1. */
        public double r1Ratio() {
            return teacherText.r1() == 0 ? 0 : speech.r1() / teacherText.r1();
        }
    }

    /**
     * Embeds every item with the exported encoder (in batches) and scores retrieval per language.
     *
     * @param batchSize clips per ONNX call
     */
    public static Map<String, LanguageResult> evaluate(SpeechEncoder encoder, DistillationData data, int batchSize) {
        Map<String, List<Integer>> byLanguage = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            byLanguage.computeIfAbsent(data.records().get(i).language(), k -> new ArrayList<>()).add(i);
        }
        Map<String, LanguageResult> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> e : byLanguage.entrySet()) {
            List<Integer> items = e.getValue();
            float[][] speech = new float[items.size()][];
            float[][] text = new float[items.size()][];
            int[] truth = new int[items.size()];
            String language = encoder.languages().contains(e.getKey()) ? e.getKey() : String.join(",", encoder.languages());
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
            out.put(e.getKey(), new LanguageResult(e.getKey(), Retrieval.recall(speech, truth, data.imageTargets()),
                    Retrieval.recall(text, truth, data.imageTargets())));
        }
        return out;
    }
}
