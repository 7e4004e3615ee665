/**
 * Signal processing on clips: band-limited sample-rate conversion
 * ({@link org.speaktheart.audio.dsp.Resampler}) and conditioning before feature extraction
 * ({@link org.speaktheart.audio.dsp.AudioConditioner}).
 */
package org.speaktheart.audio.dsp;
