/**
 * Text-to-speech drivers: eSpeak NG, MBROLA (through eSpeak NG, with the Arabic R fix), SVOX Pico,
 * Flite and Festival, detection of the installed ones ({@link org.speaktheart.data.tts.TtsEngines}),
 * and bounded parallel synthesis. Every driver writes 16 kHz mono 16-bit PCM WAV through sox.
 */
package org.speaktheart.data.tts;
