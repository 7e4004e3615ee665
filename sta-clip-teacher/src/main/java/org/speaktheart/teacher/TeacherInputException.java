package org.speaktheart.teacher;

/** Bad input to a teacher call or a configuration: the message says what was found and what is accepted. */
public class TeacherInputException extends TeacherException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message. */
    public TeacherInputException(String message) {
        super(message);
    }
}
