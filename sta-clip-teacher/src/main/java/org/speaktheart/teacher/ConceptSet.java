package org.speaktheart.teacher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.speaktheart.data.manifest.ManifestRecord;

/**
 * The concepts a tower is trained and evaluated on, each with one text embedding: the normalised
 * mean of the text tower's embeddings of that concept's distinct captions (a prompt ensemble,
 * as CLIP does for zero-shot classes).
 *
 * @param ids concept ids, sorted; index = concept index
 * @param captions distinct captions per concept
 * @param embeddings {@code [concepts][D]} unit ensemble embeddings
 */
public record ConceptSet(List<String> ids, List<List<String>> captions, float[][] embeddings) {

    /** Index of a concept id, or -1. */
    public int indexOf(String id) {
        return java.util.Collections.binarySearch(ids, id);
    }

    /**
     * Builds the set from manifest records (of the chosen language and splits).
     *
     * @param entries records; every concept appearing in them gets an entry, with the distinct captions of its records
     *                in file order
     * @param text embeds the captions (e.g. {@link ImageTextTeacher#embedTexts} or {@link MiniLmTextEncoder#embed})
     */
    public static ConceptSet of(List<ManifestRecord> entries, java.util.function.Function<List<String>, float[][]> text) {
        Map<String, java.util.Set<String>> byConcept = new TreeMap<>();
        for (ManifestRecord e : entries) {
            byConcept.computeIfAbsent(e.conceptId(), k -> new java.util.LinkedHashSet<>()).add(e.caption());
        }
        if (byConcept.size() < 2) {
            throw new TeacherInputException("a concept set needs at least 2 concepts, got " + byConcept.size());
        }
        List<String> ids = new ArrayList<>(byConcept.keySet());
        List<List<String>> captions = new ArrayList<>();
        List<String> all = new ArrayList<>();
        Map<String, Integer> position = new LinkedHashMap<>();
        for (String id : ids) {
            List<String> c = List.copyOf(byConcept.get(id));
            captions.add(c);
            for (String s : c) {
                if (position.putIfAbsent(s, all.size()) == null) {
                    all.add(s);
                }
            }
        }
        float[][] e = text.apply(all);
        float[][] out = new float[ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
            float[] sum = new float[e[0].length];
            for (String s : captions.get(i)) {
                float[] v = e[position.get(s)];
                for (int d = 0; d < sum.length; d++) {
                    sum[d] += v[d];
                }
            }
            out[i] = Embeddings.normalize(sum);
        }
        return new ConceptSet(List.copyOf(ids), List.copyOf(captions), out);
    }
}
