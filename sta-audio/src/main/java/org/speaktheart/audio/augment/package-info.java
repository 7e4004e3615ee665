/**
 * Training augmentation, always seeded by a {@link java.util.SplittableRandom} passed in:
 * feature masking ({@link org.speaktheart.audio.augment.SpecAugment}), speed perturbation
 * ({@link org.speaktheart.audio.augment.SpeedPerturbation}) and additive noise at a given SNR
 * ({@link org.speaktheart.audio.augment.NoiseMixer}).
 */
package org.speaktheart.audio.augment;
