package org.speaktheart.encoder.training;

import java.util.SplittableRandom;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.augment.FeatureWarp;
import org.speaktheart.audio.augment.NoiseMixer;
import org.speaktheart.audio.augment.SpecAugment;
import org.speaktheart.audio.augment.SpeedPerturbation;
import org.speaktheart.encoder.EncoderConfigException;

/**
 * Training-time augmentation from sta-audio: speed perturbation (one factor drawn per clip), white
 * noise at an SNR drawn uniformly in {@code [minSnrDb, maxSnrDb]} with probability
 * {@code noiseProbability}, then on the features a channel warp and time stretch (null = off) and
 * SpecAugment (null = off), in that order.
 *
 * @param speedFactors speed factors to draw from (empty = off), each in [0.5, 2]
 * @param noiseProbability probability of adding noise to a clip, in [0, 1]
 * @param minSnrDb lowest SNR in dB
 * @param maxSnrDb highest SNR in dB (>= minSnrDb)
 * @param specAugment SpecAugment on the log-mel features, or null
 * @param featureWarp channel warp and time stretch of the features, or null
 */
public record Augmentation(double[] speedFactors, double noiseProbability, double minSnrDb, double maxSnrDb,
                           SpecAugment specAugment, FeatureWarp featureWarp) {
    private static final SpeedPerturbation SPEED = new SpeedPerturbation();

    /** Validates the fields. */
    public Augmentation {
        speedFactors = speedFactors.clone();
        for (double f : speedFactors) {
            if (!(f >= 0.5 && f <= 2)) {
                throw new EncoderConfigException("Augmentation.speedFactors must lie in [0.5, 2], got " + f);
            }
        }
        if (!(noiseProbability >= 0 && noiseProbability <= 1)) {
            throw new EncoderConfigException("Augmentation.noiseProbability must be in [0, 1], got " + noiseProbability);
        }
        if (!(minSnrDb <= maxSnrDb) || !Double.isFinite(minSnrDb) || !Double.isFinite(maxSnrDb)) {
            throw new EncoderConfigException("Augmentation needs finite minSnrDb <= maxSnrDb, got " + minSnrDb + ", "
                    + maxSnrDb);
        }
    }

    /** Without a feature warp. */
    public Augmentation(double[] speedFactors, double noiseProbability, double minSnrDb, double maxSnrDb,
                        SpecAugment specAugment) {
        this(speedFactors, noiseProbability, minSnrDb, maxSnrDb, specAugment, null);
    }

    /** No augmentation. */
    public static Augmentation none() {
        return new Augmentation(new double[0], 0, 0, 0, null);
    }

    /** The defaults used for real training: speed {0.9, 1.0, 1.1}, noise at 10..30 dB half the time, SpecAugment 2xF10, 2xT20. */
    public static Augmentation standard() {
        return new Augmentation(new double[] {0.9, 1.0, 1.1}, 0.5, 10, 30, new SpecAugment(2, 10, 2, 20, 0.2, 0f));
    }

    /** Whether the waveform is changed (so features must be recomputed per step). */
    public boolean changesAudio() {
        return speedFactors.length > 0 || noiseProbability > 0;
    }

    /** The augmented clip. */
    public AudioClip apply(AudioClip clip, SplittableRandom rng) {
        AudioClip c = clip;
        if (speedFactors.length > 0) {
            c = SPEED.apply(c, speedFactors, rng);
        }
        if (noiseProbability > 0 && rng.nextDouble() < noiseProbability) {
            c = NoiseMixer.addWhiteNoise(c, minSnrDb + (maxSnrDb - minSnrDb) * rng.nextDouble(), rng);
        }
        return c;
    }

    /** The features warped, then masked (unchanged when both are off). */
    public float[][] apply(float[][] features, SplittableRandom rng) {
        float[][] f = featureWarp == null ? features : featureWarp.apply(features, rng);
        return specAugment == null ? f : specAugment.apply(f, rng);
    }
}
