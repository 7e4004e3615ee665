/**
 * The sta command line (picocli): demo, demo-shapes, generate, say, listen, evaluate, data, train and
 * bundle show | retune, with the teacher's and the speech encoder's own command groups added as teacher and encoder.
 */
package org.speaktheart.pipeline.cli;
