package org.speaktheart.audio.capture;

import javax.sound.sampled.AudioFormat;

/**
 * A source of raw PCM bytes that {@link MicrophoneRecorder} reads from: a sound card
 * ({@link JavaSoundCaptureLine}) or anything else, such as a file played back
 * ({@link PlaybackCaptureLine}) in tests and batch tools.
 */
public interface CaptureLine extends AutoCloseable {
    /** @return the format of the bytes {@link #read} returns (PCM integer or float, any channels) */
    AudioFormat format();

    /**
     * Reads up to {@code len} bytes, blocking until at least one is available.
     *
     * @param buf destination
     * @param off first index written
     * @param len most bytes to read
     * @return bytes read, or -1 when the source has ended
     */
    int read(byte[] buf, int off, int len);

    /** Stops capturing and releases the device. */
    @Override
    void close();
}
