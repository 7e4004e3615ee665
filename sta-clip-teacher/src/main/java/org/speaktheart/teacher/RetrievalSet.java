package org.speaktheart.teacher;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;

/**
 * A zero-shot retrieval benchmark drawn from a manifest: the distinct pictures of one split and
 * language, ranked against candidate concepts whose texts are the prompt ensembles of the captions
 * of the <em>concept splits</em> (for the emoji corpus: the train split, so test captions are never
 * used; for corpora whose test concepts are not all in train, add the evaluated split).
 *
 * @param split the split whose pictures are ranked
 * @param language caption language
 * @param concepts the candidate concepts with their text embeddings
 * @param images the pictures with their concept indices
 */
public record RetrievalSet(Split split, String language, ConceptSet concepts, ManifestImages images) {

    /**
     * Builds the benchmark.
     *
     * @param manifest the corpus
     * @param language caption language, e.g. {@code en}
     * @param split split whose pictures are ranked
     * @param conceptSplits splits whose captions define the candidate concepts
     * @param text the teacher's text tower (e.g. {@link ImageTextTeacher#embedTexts})
     * @throws TeacherInputException when a split has no record in {@code language} or a picture's concept is not a candidate
     */
    public static RetrievalSet of(Manifest manifest, String language, Split split, Set<Split> conceptSplits,
                                  Function<List<String>, float[][]> text) {
        ConceptSet concepts = ConceptSet.of(select(manifest, language, conceptSplits), text);
        return new RetrievalSet(split, language, concepts, ManifestImages.of(manifest, select(manifest, language, Set.of(split)), concepts));
    }

    /**
     * The records of some splits in one language, in file order.
     *
     * @throws TeacherInputException when there are none, naming the languages and splits the manifest has
     */
    public static List<ManifestRecord> select(Manifest manifest, String language, Set<Split> splits) {
        if (splits.isEmpty()) {
            throw new TeacherInputException("at least one split is needed; accepted: train, val, test");
        }
        List<ManifestRecord> out = manifest.records().stream()
                .filter(r -> r.language().equals(language) && splits.contains(r.split())).toList();
        if (out.isEmpty()) {
            Set<String> present = manifest.records().stream().map(r -> r.split().key() + "/" + r.language())
                    .collect(Collectors.toCollection(TreeSet::new));
            throw new TeacherInputException("manifest " + manifest.file() + " has no '" + language + "' record in split(s) "
                    + splits.stream().map(Split::key).sorted().toList() + "; it has (split/language): " + present);
        }
        return out;
    }

    /**
     * Scores pictures embedded by some image tower.
     *
     * @param imageEmbeddings {@code [images().size()][D]} unit embeddings, in the order of {@link #images()}
     */
    public ZeroShotRetrieval.RetrievalResult evaluate(float[][] imageEmbeddings) {
        return ZeroShotRetrieval.evaluate(imageEmbeddings, images.concepts(), concepts.embeddings());
    }
}
