package org.speaktheart.audio.augment;

import java.util.SplittableRandom;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioConfigException;
import org.speaktheart.audio.InvalidAudioException;

/**
 * Adds noise at a chosen signal-to-noise ratio.
 *
 * <p>SNR is {@code 10 log10(P_signal / P_noise)} with {@code P} the mean square over the clip; the
 * noise is scaled so the mixture has exactly that ratio (up to float rounding). The result is not
 * clipped. All randomness comes from the {@link SplittableRandom} passed in.
 */
public final class NoiseMixer {
    private NoiseMixer() {
    }

    /**
     * Adds a noise recording, starting at a random offset and looping if shorter than the clip.
     *
     * @param clip the clean clip, not silent
     * @param noise noise at the same sample rate, not silent
     * @param snrDb target SNR in dB, in [-30, 100]
     * @param rng picks the offset into the noise
     * @return the noisy clip
     */
    public static AudioClip addNoise(AudioClip clip, AudioClip noise, double snrDb, SplittableRandom rng) {
        if (noise.sampleRate() != clip.sampleRate()) {
            throw new InvalidAudioException("noise is at " + noise.sampleRate() + " Hz and the clip at "
                    + clip.sampleRate() + " Hz; equal rates are accepted");
        }
        if (noise.length() == 0) {
            throw new InvalidAudioException("noise clip is empty; a non-silent noise clip is accepted");
        }
        float[] n = new float[clip.length()];
        int offset = rng.nextInt(noise.length());
        for (int i = 0; i < n.length; i++) {
            n[i] = noise.sample((offset + i) % noise.length());
        }
        return mix(clip, n, snrDb);
    }

    /**
     * Adds white Gaussian noise.
     *
     * @param clip the clean clip, not silent
     * @param snrDb target SNR in dB, in [-30, 100]
     * @param rng noise source
     * @return the noisy clip
     */
    public static AudioClip addWhiteNoise(AudioClip clip, double snrDb, SplittableRandom rng) {
        float[] n = new float[clip.length()];
        for (int i = 0; i < n.length; i++) {
            n[i] = (float) gaussian(rng);
        }
        return mix(clip, n, snrDb);
    }

    private static AudioClip mix(AudioClip clip, float[] n, double snrDb) {
        if (!(snrDb >= -30 && snrDb <= 100)) {
            throw new AudioConfigException("SNR " + snrDb + " dB is outside [-30, 100]");
        }
        double ps = meanSquare(clip.samples());
        double pn = meanSquare(n);
        if (ps == 0 || pn == 0) {
            throw new InvalidAudioException((ps == 0 ? "clip" : "noise over the clip's span")
                    + " is silent; an SNR needs power in both");
        }
        double gain = Math.sqrt(ps / (pn * Math.pow(10, snrDb / 10)));
        float[] x = clip.samples();
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (gain * n[i]);
        }
        return AudioClip.of(x, clip.sampleRate());
    }

    private static double meanSquare(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return x.length == 0 ? 0 : s / x.length;
    }

    /** Standard normal by Box-Muller from the given source. */
    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble(); // (0, 1], keeps log finite
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
