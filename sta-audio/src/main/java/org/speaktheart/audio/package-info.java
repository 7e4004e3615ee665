/**
 * Audio input for the speech encoder: the clip type and the exceptions shared by all sub-packages.
 *
 * <p>The module turns whatever audio a user has into exactly the features a model was trained on:
 * <ol>
 *   <li>{@link org.speaktheart.audio.io.AudioDecoder} reads WAV (PCM 8-32 bit, float 32/64,
 *       extensible, any channels), AIFF and AU into a mono {@link org.speaktheart.audio.AudioClip};
 *       {@link org.speaktheart.audio.io.WavWriter} writes WAV files atomically.</li>
 *   <li>{@link org.speaktheart.audio.dsp.Resampler} converts to the model rate (16 kHz by default)
 *       with a Kaiser-windowed sinc filter; {@link org.speaktheart.audio.dsp.AudioConditioner}
 *       removes DC, trims silence, normalises level and guards the duration.</li>
 *   <li>{@link org.speaktheart.audio.features.LogMelExtractor} computes log-mel features defined by
 *       a serialisable {@link org.speaktheart.audio.features.LogMelConfig}.</li>
 *   <li>{@link org.speaktheart.audio.augment} holds seeded training augmentation;
 *       {@link org.speaktheart.audio.capture.MicrophoneRecorder} records from a microphone.</li>
 * </ol>
 * {@link org.speaktheart.audio.AudioFrontEnd} chains decoding, resampling, conditioning and
 * features in one object built from a feature definition.
 *
 * <p>Failures are unchecked and typed: {@link org.speaktheart.audio.AudioException} with
 * {@link org.speaktheart.audio.UnsupportedAudioFormatException},
 * {@link org.speaktheart.audio.CorruptAudioException},
 * {@link org.speaktheart.audio.InvalidAudioException},
 * {@link org.speaktheart.audio.AudioConfigException},
 * {@link org.speaktheart.audio.AudioDeviceException} and
 * {@link org.speaktheart.audio.AudioIOException}. The module depends only on the JDK,
 * JTransforms and Gson.
 */
package org.speaktheart.audio;
