/**
 * Reading audio files into mono clips ({@link org.speaktheart.audio.io.AudioDecoder}) and writing
 * WAV files ({@link org.speaktheart.audio.io.WavWriter}, {@link org.speaktheart.audio.io.WavEncoding}).
 */
package org.speaktheart.audio.io;
