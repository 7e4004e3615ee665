/**
 * Audio input for the speech encoder: decoding, resampling, conditioning, log-mel features, augmentation and capture.
 *
 * <p>Planned by the sta-audio issue; this module holds no code yet.
 */
package org.speaktheart.audio;
