package org.speaktheart.teacher;

/** A model, tokenizer or cache file that cannot be read or does not fit the expected contract. */
public class TeacherLoadException extends TeacherException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message. */
    public TeacherLoadException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public TeacherLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
