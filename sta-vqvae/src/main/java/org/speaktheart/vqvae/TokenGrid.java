package org.speaktheart.vqvae;

import java.util.Arrays;

/**
 * One image as tokens: an {@code h x w} grid of code ids, row-major ({@code ids[y * w + x]}), each
 * in {@code [0, codebookSize)}. Immutable (the id array is copied in and out).
 *
 * @param h grid rows
 * @param w grid columns
 * @param ids code per cell, row-major, length {@code h * w}
 * @param codebookSize number of distinct codes the ids index (after any remapping)
 */
public record TokenGrid(int h, int w, int[] ids, int codebookSize) {

    public TokenGrid {
        if (h <= 0 || w <= 0) {
            throw new VqVaeException("token grid is " + h + "x" + w + "; accepted: positive sides");
        }
        if (codebookSize < 1) {
            throw new VqVaeException("codebookSize is " + codebookSize + "; accepted: >= 1");
        }
        if (ids == null || ids.length != h * w) {
            throw new VqVaeException("token grid " + h + "x" + w + " needs " + h * w + " ids, got "
                    + (ids == null ? "null" : Integer.toString(ids.length)));
        }
        ids = ids.clone();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= codebookSize) {
                throw new VqVaeException("token " + i + " (row " + i / w + ", column " + i % w + ") is " + ids[i]
                        + "; accepted: 0.." + (codebookSize - 1));
            }
        }
    }

    /** A copy of the ids, row-major. */
    @Override
    public int[] ids() {
        return ids.clone();
    }

    /** The id at a cell. */
    public int id(int y, int x) {
        return ids[y * w + x];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenGrid t && t.h == h && t.w == w && t.codebookSize == codebookSize
                && Arrays.equals(t.ids, ids);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * h + w) + codebookSize) + Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return "TokenGrid[" + h + "x" + w + ", K=" + codebookSize + "]";
    }
}
