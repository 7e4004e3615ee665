/**
 * Recording one utterance ({@link org.speaktheart.audio.capture.MicrophoneRecorder}) from a
 * {@link org.speaktheart.audio.capture.CaptureLine}: the default microphone
 * ({@link org.speaktheart.audio.capture.JavaSoundCaptureLine}) or a clip played back
 * ({@link org.speaktheart.audio.capture.PlaybackCaptureLine}).
 */
package org.speaktheart.audio.capture;
