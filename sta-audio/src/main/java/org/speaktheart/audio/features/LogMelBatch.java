package org.speaktheart.audio.features;

/**
 * Log-mel features of several clips padded to the longest.
 *
 * @param data values laid out {@code [batch][maxFrames][nMels]} row-major: clip b, frame t, mel m at
 *             {@code (b * maxFrames + t) * nMels + m}; frames at or after {@code frames[b]} are 0
 * @param batch number of clips
 * @param maxFrames frames of the longest clip
 * @param nMels mel channels
 * @param frames valid frame count of each clip
 */
public record LogMelBatch(float[] data, int batch, int maxFrames, int nMels, int[] frames) {
    /**
     * Reads one value.
     *
     * @param b clip index
     * @param t frame index
     * @param m mel index
     * @return the value (0 in padding)
     */
    public float get(int b, int t, int m) {
        return data[(b * maxFrames + t) * nMels + m];
    }
}
