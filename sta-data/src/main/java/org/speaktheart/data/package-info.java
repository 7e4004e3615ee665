/**
 * Spoken-caption datasets: manifests, built-in emoji and shapes corpora, text-to-speech drivers, public corpus readers.
 *
 * <p>Planned by the sta-data issue; this module holds no code yet.
 */
package org.speaktheart.data;
