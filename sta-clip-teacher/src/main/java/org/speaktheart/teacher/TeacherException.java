package org.speaktheart.teacher;

/** Base of the unchecked exceptions raised by the teacher module. */
public class TeacherException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message. */
    public TeacherException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public TeacherException(String message, Throwable cause) {
        super(message, cause);
    }
}
