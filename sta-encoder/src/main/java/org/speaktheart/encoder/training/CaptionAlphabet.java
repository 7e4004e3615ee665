package org.speaktheart.encoder.training;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * The fixed character alphabet of the training-only CTC head (see {@link CtcLoss}): class 0 is the
 * CTC blank, then the word boundary, the 26 Latin letters, the Arabic letters U+0621..U+064A and
 * the Arabic vowel marks U+064B..U+0652 ({@link #SIZE} classes in all).
 *
 * <p>The alphabet is fixed rather than read off a manifest so that a checkpoint's head fits every
 * language built with the same script, and an encoder adapted to a new language keeps its head.
 * Latin letters are lower-cased and stripped of diacritics (é -> e, ç -> c, œ -> oe), so French
 * and Spanish captions use the English classes; Arabic keeps its vowel marks, which make the
 * script close to phonemic. Punctuation and hyphens become word boundaries, runs of boundaries
 * collapse; digits and characters of other scripts are dropped (a caption with none left gets no
 * CTC target and contributes nothing to the CTC term).
 */
public final class CaptionAlphabet {
    /** The CTC blank class. */
    public static final int BLANK = 0;
    /** The word-boundary class. */
    public static final int SPACE = 1;
    private static final int LATIN = 2;
    private static final char ARABIC_FIRST = '\u0621';
    private static final char ARABIC_LAST = '\u0652';
    private static final int ARABIC = LATIN + 26;
    /** Number of classes, blank included. */
    public static final int SIZE = ARABIC + (ARABIC_LAST - ARABIC_FIRST + 1);

    private CaptionAlphabet() {
    }

    /**
     * The label sequence of a caption: classes in 1..SIZE-1, without leading or trailing word
     * boundaries; empty when the caption holds no letter of the alphabet.
     */
    public static int[] encode(String caption) {
        int[] out = new int[caption.length() * 2];
        int n = 0;
        for (int i = 0; i < caption.length(); i++) {
            char c = caption.charAt(i);
            if (c == '\u0640') {
                continue; // tatweel only lengthens a connection
            }
            if (c >= ARABIC_FIRST && c <= ARABIC_LAST) {
                out[n++] = ARABIC + (c - ARABIC_FIRST);
            } else if (Character.isLetter(c)) {
                String base = c == 'œ' || c == 'Œ' ? "oe" : c == 'æ' || c == 'Æ' ? "ae"
                        : Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).toLowerCase(Locale.ROOT);
                for (int k = 0; k < base.length(); k++) {
                    char b = base.charAt(k);
                    if (b >= 'a' && b <= 'z') {
                        out[n++] = LATIN + (b - 'a');
                    }
                }
            } else if (!Character.isDigit(c) && c != '\'' && c != '\u2019' && n > 0 && out[n - 1] != SPACE) {
                out[n++] = SPACE; // spaces, punctuation and hyphens; an apostrophe joins (l'arbre)
            }
        }
        if (n > 0 && out[n - 1] == SPACE) {
            n--;
        }
        return Arrays.copyOf(out, n);
    }

    /** The characters of a label sequence ({@code ' '} for a word boundary), for messages and tests. */
    public static String decode(int[] labels) {
        StringBuilder s = new StringBuilder();
        for (int l : labels) {
            if (l == SPACE) {
                s.append(' ');
            } else if (l >= LATIN && l < ARABIC) {
                s.append((char) ('a' + l - LATIN));
            } else if (l >= ARABIC && l < SIZE) {
                s.append((char) (ARABIC_FIRST + l - ARABIC));
            } else {
                throw new IllegalArgumentException("label " + l + " is not a character class (1.." + (SIZE - 1) + ")");
            }
        }
        return s.toString();
    }

    /**
     * Output slots a CTC alignment of these labels needs: one per label plus a blank between each
     * pair of equal neighbours.
     */
    public static int requiredSlots(int[] labels) {
        int repeats = 0;
        for (int i = 1; i < labels.length; i++) {
            if (labels[i] == labels[i - 1]) {
                repeats++;
            }
        }
        return labels.length + repeats;
    }
}
