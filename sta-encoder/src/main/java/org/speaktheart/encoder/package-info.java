/**
 * The teacher-distilled speech encoder: speech to an embedding in the teacher's space, no transcription.
 *
 * <p>Planned by the sta-encoder issue; this module holds no code yet.
 */
package org.speaktheart.encoder;
