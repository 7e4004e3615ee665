package org.speaktheart.data.tts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.speaktheart.data.manifest.Split;

/**
 * Splits a language's voices into disjoint train / val / test sets, so that test (and val) speech
 * comes from voices never heard in training. Deterministic for a seed: voices are sorted by id and
 * shuffled with the seed; test takes {@code max(1, round(n/5))}, val the same, train the rest.
 */
public final class VoicePartition {
    private VoicePartition() { }

    /**
     * @param voices at least 3 voices of one language
     * @param seed shuffle seed
     * @return voices per split, each non-empty, pairwise disjoint
     * @throws NoVoiceException when fewer than 3 voices are given
     */
    public static Map<Split, List<Voice>> partition(List<Voice> voices, long seed) {
        if (voices.size() < 3) {
            throw new NoVoiceException("disjoint train/val/test voices need at least 3 voices per language, got "
                    + voices.size() + ": " + voices.stream().map(Voice::id).toList());
        }
        List<Voice> v = new ArrayList<>(voices);
        v.sort(Comparator.comparing(Voice::id));
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = v.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Voice t = v.get(i);
            v.set(i, v.get(j));
            v.set(j, t);
        }
        int held = Math.max(1, (int) Math.round(v.size() / 5.0));
        Map<Split, List<Voice>> out = new EnumMap<>(Split.class);
        out.put(Split.TEST, List.copyOf(v.subList(0, held)));
        out.put(Split.VAL, List.copyOf(v.subList(held, 2 * held)));
        out.put(Split.TRAIN, List.copyOf(v.subList(2 * held, v.size())));
        return out;
    }
}
