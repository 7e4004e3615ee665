/**
 * The teacher's command line: {@link org.speaktheart.teacher.cli.TeacherCommand} with the
 * subcommands {@code train} (the default teacher's image tower on a manifest) and {@code evaluate}
 * (zero-shot retrieval of a teacher on a manifest split).
 */
package org.speaktheart.teacher.cli;
