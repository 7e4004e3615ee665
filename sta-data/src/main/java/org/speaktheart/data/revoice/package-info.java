/**
 * Re-voicing: a corpus's utterances spoken again by further text-to-speech voices, added as new
 * records of the same split, so a speech encoder hears more speakers in training while every
 * existing record (and so every held-out split) stays exactly as it was.
 */
package org.speaktheart.data.revoice;
