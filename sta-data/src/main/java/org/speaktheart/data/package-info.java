/**
 * Spoken-caption datasets for STA-Java.
 *
 * <ul>
 *   <li>{@link org.speaktheart.data.manifest}: the JSON-lines manifest (one record per utterance:
 *       image, concept, caption, language, voice, audio, split, attributes), its reader, writer and
 *       validator.</li>
 *   <li>{@link org.speaktheart.data.shapes}: the procedural shapes corpus (Java2D), its English and
 *       Arabic captions and the {@code ShapesScorer} that reads colour, shape, size and position
 *       back from an image.</li>
 *   <li>{@link org.speaktheart.data.tts}: text-to-speech drivers (espeak-ng, mbrola, pico2wave,
 *       flite, festival), engine detection and parallel synthesis to 16 kHz mono WAV.</li>
 *   <li>{@link org.speaktheart.data.emoji}: the emoji corpus (English and Arabic speech) built from
 *       the emoji art packages and CLDR annotations.</li>
 *   <li>{@link org.speaktheart.data.corpora}: readers that turn the public spoken-caption corpora
 *       into manifests.</li>
 * </ul>
 *
 * <p>Every failure is a {@link org.speaktheart.data.DataException} (or a subclass) whose message
 * says what was found and what is accepted. Long jobs report through a
 * {@link org.speaktheart.data.ProgressListener}.
 */
package org.speaktheart.data;
