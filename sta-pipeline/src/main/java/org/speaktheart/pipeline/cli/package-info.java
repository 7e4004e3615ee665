/**
 * The sta command line (picocli): demo-shapes, generate, and the speech encoder's train and adapt.
 */
package org.speaktheart.pipeline.cli;
