/**
 * The image-text teacher whose embeddings supervise the speech encoder.
 *
 * <p>Planned by the sta-clip-teacher issue; this module holds no code yet.
 */
package org.speaktheart.teacher;
