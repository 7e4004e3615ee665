package org.speaktheart.audio;

import java.util.Arrays;

/**
 * An immutable mono audio clip: samples as floats at a sample rate in Hz.
 *
 * <p>Samples are nominally in [-1, 1] (full scale); integer PCM decodes into [-1, 1). Floating
 * point sources may exceed full scale, which is kept rather than clipped so that a later
 * normalisation can bring it back. Every sample is finite: a NaN or infinite sample is rejected
 * with {@link InvalidAudioException} when the clip is made. A clip may be empty.
 *
 * <p>The sample array is copied on the way in and on the way out, so a clip can be shared freely
 * between threads.
 */
public final class AudioClip {
    /** Lowest accepted sample rate in Hz. */
    public static final int MIN_SAMPLE_RATE = 1_000;
    /** Highest accepted sample rate in Hz. */
    public static final int MAX_SAMPLE_RATE = 384_000;

    private final float[] samples;
    private final int sampleRate;

    private AudioClip(float[] samples, int sampleRate) {
        checkSampleRate(sampleRate);
        for (int i = 0; i < samples.length; i++) {
            float v = samples[i];
            if (!Float.isFinite(v)) {
                throw new InvalidAudioException("sample " + i + " is " + v
                        + "; only finite samples are accepted");
            }
        }
        this.samples = samples;
        this.sampleRate = sampleRate;
    }

    /**
     * Makes a clip from mono float samples (copied).
     *
     * @param samples mono samples, nominally in [-1, 1]
     * @param sampleRate sample rate in Hz, in [{@value #MIN_SAMPLE_RATE}, {@value #MAX_SAMPLE_RATE}]
     * @return the clip
     * @throws InvalidAudioException if a sample is not finite or the rate is out of range
     */
    public static AudioClip of(float[] samples, int sampleRate) {
        if (samples == null) {
            throw new InvalidAudioException("samples are null; a float array (possibly empty) is accepted");
        }
        return new AudioClip(samples.clone(), sampleRate);
    }

    /**
     * Makes a clip from mono 16-bit PCM samples; value {@code v} becomes {@code v / 32768}.
     *
     * @param pcm mono signed 16-bit samples
     * @param sampleRate sample rate in Hz
     * @return the clip
     */
    public static AudioClip fromPcm16(short[] pcm, int sampleRate) {
        if (pcm == null) {
            throw new InvalidAudioException("samples are null; a short array (possibly empty) is accepted");
        }
        float[] out = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = pcm[i] / 32768f;
        }
        return new AudioClip(out, sampleRate);
    }

    /**
     * Makes a mono clip from interleaved multi-channel samples by averaging the channels.
     *
     * @param interleaved samples laid out frame by frame: {@code [frame0ch0, frame0ch1, ..., frame1ch0, ...]}
     * @param channels number of channels, at least 1; the array length must be a multiple of it
     * @param sampleRate sample rate in Hz
     * @return the mono clip
     */
    public static AudioClip fromInterleaved(float[] interleaved, int channels, int sampleRate) {
        if (interleaved == null) {
            throw new InvalidAudioException("samples are null; a float array (possibly empty) is accepted");
        }
        if (channels < 1 || interleaved.length % channels != 0) {
            throw new InvalidAudioException("channel count " + channels + " does not divide "
                    + interleaved.length + " interleaved samples; a positive divisor is accepted");
        }
        int frames = interleaved.length / channels;
        float[] out = new float[frames];
        float scale = 1f / channels;
        for (int f = 0; f < frames; f++) {
            float sum = 0f;
            int base = f * channels;
            for (int c = 0; c < channels; c++) {
                sum += interleaved[base + c];
            }
            out[f] = sum * scale;
        }
        return new AudioClip(out, sampleRate);
    }

    /**
     * Checks a sample rate against the accepted range.
     *
     * @param sampleRate rate in Hz
     * @throws InvalidAudioException if outside [{@value #MIN_SAMPLE_RATE}, {@value #MAX_SAMPLE_RATE}]
     */
    public static void checkSampleRate(long sampleRate) {
        if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
            throw new InvalidAudioException("sample rate " + sampleRate + " Hz is outside the accepted range "
                    + MIN_SAMPLE_RATE + ".." + MAX_SAMPLE_RATE + " Hz");
        }
    }

    /** @return a copy of the mono samples */
    public float[] samples() {
        return samples.clone();
    }

    /**
     * Reads one sample.
     *
     * @param index sample index in [0, {@link #length()})
     * @return the sample value
     */
    public float sample(int index) {
        return samples[index];
    }

    /** @return the number of samples */
    public int length() {
        return samples.length;
    }

    /** @return the sample rate in Hz */
    public int sampleRate() {
        return sampleRate;
    }

    /** @return the duration in seconds ({@code length / sampleRate}) */
    public double durationSeconds() {
        return (double) samples.length / sampleRate;
    }

    /** @return the largest absolute sample value, 0 for an empty clip */
    public float peak() {
        float p = 0f;
        for (float v : samples) {
            p = Math.max(p, Math.abs(v));
        }
        return p;
    }

    /** @return the root-mean-square sample value, 0 for an empty clip */
    public double rms() {
        if (samples.length == 0) {
            return 0.0;
        }
        double s = 0.0;
        for (float v : samples) {
            s += (double) v * v;
        }
        return Math.sqrt(s / samples.length);
    }

    /**
     * Returns the samples in [from, to) as a new clip at the same rate.
     *
     * @param from first sample index, inclusive
     * @param to last sample index, exclusive
     * @return the sub-clip
     */
    public AudioClip slice(int from, int to) {
        if (from < 0 || to > samples.length || from > to) {
            throw new InvalidAudioException("slice [" + from + ", " + to + ") is outside the clip of "
                    + samples.length + " samples");
        }
        return new AudioClip(Arrays.copyOfRange(samples, from, to), sampleRate);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioClip other && other.sampleRate == sampleRate
                && Arrays.equals(other.samples, samples);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(samples) + sampleRate;
    }

    @Override
    public String toString() {
        return "AudioClip[" + samples.length + " samples, " + sampleRate + " Hz, "
                + String.format(java.util.Locale.ROOT, "%.3f", durationSeconds()) + " s]";
    }
}
