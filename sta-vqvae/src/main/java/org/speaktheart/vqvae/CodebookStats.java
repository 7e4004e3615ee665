package org.speaktheart.vqvae;

/**
 * How a codebook is used over a set of token grids: how many of the K codes occur at least once,
 * and the perplexity {@code exp(-sum p_k ln p_k)} of the code frequencies (K when all codes are
 * equally frequent, 1 when one code is always chosen).
 *
 * @param codebookSize K
 * @param usedCodes codes occurring at least once
 * @param perplexity perplexity of the code frequencies
 * @param tokens tokens counted
 */
public record CodebookStats(int codebookSize, int usedCodes, double perplexity, long tokens) {

    /** Used codes as a fraction of K. */
    public double usageFraction() {
        return (double) usedCodes / codebookSize;
    }

    /** Statistics of per-code counts ({@code counts.length} = K). */
    public static CodebookStats ofCounts(long[] counts) {
        if (counts.length == 0) {
            throw new VqVaeException("no code counts given; accepted: one count per code (K >= 1)");
        }
        long total = 0;
        int used = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new VqVaeException("code count " + c + " is negative; accepted: counts >= 0");
            }
            total += c;
            used += c > 0 ? 1 : 0;
        }
        double entropy = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / total;
                entropy -= p * Math.log(p);
            }
        }
        return new CodebookStats(counts.length, used, total == 0 ? 0 : Math.exp(entropy), total);
    }

    /** Statistics over token grids (all must share the codebook size). */
    public static CodebookStats of(Iterable<TokenGrid> grids, int codebookSize) {
        long[] counts = new long[codebookSize];
        for (TokenGrid g : grids) {
            if (g.codebookSize() != codebookSize) {
                throw new VqVaeException("token grid over " + g.codebookSize() + " codes; accepted: " + codebookSize);
            }
            for (int id : g.ids()) {
                counts[id]++;
            }
        }
        return ofCounts(counts);
    }
}
