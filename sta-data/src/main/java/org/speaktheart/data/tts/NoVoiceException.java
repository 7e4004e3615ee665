package org.speaktheart.data.tts;

import org.speaktheart.data.DataException;

/** No installed text-to-speech engine offers a voice for the language asked for. */
public class NoVoiceException extends DataException {
    private static final long serialVersionUID = 1L;

    /** @param message the language, the engines found and what to install */
    public NoVoiceException(String message) {
        super(message);
    }
}
