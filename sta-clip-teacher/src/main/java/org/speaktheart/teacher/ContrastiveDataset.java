package org.speaktheart.teacher;

import java.util.Arrays;

/**
 * Training data of the image tower, already preprocessed: images as
 * {@code [3, S, S]} float arrays (see {@link ImagePreprocessing}), each labelled with a concept,
 * and one frozen unit text embedding per concept (the text tower's embedding of its caption).
 *
 * @param pixels {@code [N][3 * S * S]} preprocessed images
 * @param concepts {@code [N]} concept index of each image, in {@code [0, conceptCount)}
 * @param conceptEmbeddings {@code [conceptCount][D]} unit text embeddings
 * @param imageSize S
 */
public record ContrastiveDataset(float[][] pixels, int[] concepts, float[][] conceptEmbeddings, int imageSize) {

    /** Validates shapes and indices. */
    public ContrastiveDataset {
        if (pixels.length == 0 || pixels.length != concepts.length) {
            throw new TeacherInputException("ContrastiveDataset needs as many concept labels as images (> 0), got "
                    + pixels.length + " images and " + concepts.length + " labels");
        }
        int values = 3 * imageSize * imageSize;
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i].length != values) {
                throw new TeacherInputException("ContrastiveDataset image " + i + " has " + pixels[i].length
                        + " values; expected 3*" + imageSize + "*" + imageSize + " = " + values);
            }
            if (concepts[i] < 0 || concepts[i] >= conceptEmbeddings.length) {
                throw new TeacherInputException("ContrastiveDataset image " + i + " has concept " + concepts[i]
                        + "; accepted: 0.." + (conceptEmbeddings.length - 1));
            }
        }
        if (conceptEmbeddings.length < 2) {
            throw new TeacherInputException("ContrastiveDataset needs at least 2 concepts, got " + conceptEmbeddings.length);
        }
        int d = conceptEmbeddings[0].length;
        for (float[] e : conceptEmbeddings) {
            if (e.length != d) {
                throw new TeacherInputException("ContrastiveDataset concept embeddings differ in length: " + d + " vs " + e.length);
            }
        }
    }

    /** Number of concepts. */
    public int conceptCount() {
        return conceptEmbeddings.length;
    }

    /** Embedding length. */
    public int dimension() {
        return conceptEmbeddings[0].length;
    }

    /** Image indices grouped by concept; concepts without images get an empty array. */
    public int[][] imagesByConcept() {
        int[] counts = new int[conceptCount()];
        for (int c : concepts) {
            counts[c]++;
        }
        int[][] out = new int[conceptCount()][];
        for (int c = 0; c < out.length; c++) {
            out[c] = new int[counts[c]];
        }
        int[] fill = new int[conceptCount()];
        for (int i = 0; i < concepts.length; i++) {
            out[concepts[i]][fill[concepts[i]]++] = i;
        }
        return out;
    }

    @Override
    public String toString() {
        return "ContrastiveDataset[" + pixels.length + " images, " + conceptCount() + " concepts, " + imageSize + " px, dim "
                + dimension() + ", concepts used " + Arrays.stream(imagesByConcept()).filter(a -> a.length > 0).count() + "]";
    }
}
