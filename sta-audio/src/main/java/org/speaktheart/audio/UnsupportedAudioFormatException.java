package org.speaktheart.audio;

/**
 * The input is a container or encoding sta-audio does not decode (for example MP3, FLAC, Ogg, ADPCM WAV or 40-bit PCM).
 */
public class UnsupportedAudioFormatException extends AudioException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was found and what is accepted
     */
    public UnsupportedAudioFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what was found and what is accepted
     * @param cause the underlying failure
     */
    public UnsupportedAudioFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
