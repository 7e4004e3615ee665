package org.speaktheart.encoder.eval;

/**
 * Recall figures of one retrieval run.
 *
 * @param queries number of queries
 * @param gallery gallery size (chance R@1 = 1 / gallery)
 * @param r1 recall at 1, in [0, 1]
 * @param r5 recall at 5
 * @param r10 recall at 10
 */
public record RetrievalResult(int queries, int gallery, double r1, double r5, double r10) {

    /** One line: {@code R@1 0.512 R@5 0.800 R@10 0.900 (570 queries, 285 images)}. */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "R@1 %.3f R@5 %.3f R@10 %.3f (%d queries, %d images)", r1, r5, r10,
                queries, gallery);
    }
}
