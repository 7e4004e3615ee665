package org.speaktheart.encoder.langid;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Identification accuracy of one group of clips (a language, a voice, a split).
 *
 * @param correct clips whose most probable language was the true one
 * @param total clips scored
 */
public record LanguageIdAccuracy(int correct, int total) {

    /** Fraction correct, NaN for an empty group. */
    public double accuracy() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /**
     * Accuracy per group, the groups sorted, plus {@code "all"} first.
     *
     * @param guesses one guess per clip
     * @param truth the true language of each clip
     * @param groups the group of each clip (e.g. its voice or language)
     */
    public static Map<String, LanguageIdAccuracy> byGroup(List<LanguageGuess> guesses, List<String> truth, List<String> groups) {
        if (guesses.size() != truth.size() || guesses.size() != groups.size()) {
            throw new IllegalArgumentException("need one truth and group per guess, got " + guesses.size() + ", "
                    + truth.size() + ", " + groups.size());
        }
        Map<String, int[]> counts = new TreeMap<>();
        int right = 0;
        for (int i = 0; i < guesses.size(); i++) {
            boolean ok = guesses.get(i).language().equals(truth.get(i));
            right += ok ? 1 : 0;
            int[] c = counts.computeIfAbsent(groups.get(i), k -> new int[2]);
            c[0] += ok ? 1 : 0;
            c[1]++;
        }
        Map<String, LanguageIdAccuracy> out = new LinkedHashMap<>();
        out.put("all", new LanguageIdAccuracy(right, guesses.size()));
        counts.forEach((k, c) -> out.put(k, new LanguageIdAccuracy(c[0], c[1])));
        return out;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.4f (%d/%d)", accuracy(), correct, total);
    }
}
