package org.speaktheart.diffusion.training;

import org.speaktheart.diffusion.DiffusionArgumentException;

/**
 * Training pairs for the denoiser: token grids of images (from the tokenizer) and the condition
 * vector of each (a speech or text embedding, or an attribute vector), held in memory.
 *
 * @param codebookSize K; every token is in 0..K-1
 * @param tokens {@code [M][N]} token grids, row-major
 * @param conditions {@code [M][C]} condition vectors
 */
public record TokenGridDataset(int codebookSize, int[][] tokens, float[][] conditions) {

    public TokenGridDataset {
        if (tokens == null || conditions == null || tokens.length == 0 || tokens.length != conditions.length) {
            throw new DiffusionArgumentException("a dataset needs as many (>= 1) token grids as condition vectors, got "
                    + (tokens == null ? "null" : tokens.length) + " and " + (conditions == null ? "null" : conditions.length));
        }
        int n = tokens[0].length;
        int c = conditions[0].length;
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].length != n || conditions[i].length != c) {
                throw new DiffusionArgumentException("item " + i + " has " + tokens[i].length + " tokens and a condition of "
                        + conditions[i].length + "; item 0 has " + n + " and " + c);
            }
            for (int token : tokens[i]) {
                if (token < 0 || token >= codebookSize) {
                    throw new DiffusionArgumentException("item " + i + " holds token " + token + " outside 0.."
                            + (codebookSize - 1));
                }
            }
            for (float v : conditions[i]) {
                if (!Float.isFinite(v)) {
                    throw new DiffusionArgumentException("item " + i + " has a non-finite condition value " + v);
                }
            }
        }
    }

    /** M, the number of items. */
    public int size() {
        return tokens.length;
    }

    /** N, tokens per grid. */
    public int length() {
        return tokens[0].length;
    }

    /** C, the condition width. */
    public int conditionDim() {
        return conditions[0].length;
    }
}
