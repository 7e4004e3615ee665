package org.speaktheart.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the embedded default model and its audio samples live on the classpath. The module holds
 * data only: a model bundle (opened and verified by sta-pipeline's {@code ModelBundle.openResource})
 * and a few spoken descriptions from the held-out voices of the emoji corpus's test split, so the
 * library can generate an image on a fresh machine with no download and no speech engine.
 */
public final class DefaultModels {
    /** Classpath prefix of the default bundle (a directory with {@code bundle.json}). */
    public static final String BUNDLE = "/org/speaktheart/models/emoji-en-ar";

    /** Classpath prefix of the audio samples. */
    public static final String SAMPLES = "/org/speaktheart/models/samples";

    private static final String SAMPLE_INDEX = SAMPLES + "/samples.tsv";

    private DefaultModels() {
    }

    /**
     * One bundled spoken description.
     *
     * @param file file name under {@link #SAMPLES} (16 kHz mono 16-bit WAV)
     * @param language language code of the speech
     * @param caption what is said
     * @param voice the synthetic voice that said it ({@code engine/voice})
     * @param conceptId the emoji concept the caption names (unified hex code points)
     */
    public record Sample(String file, String language, String caption, String voice, String conceptId) {
        /** Classpath location of the WAV. */
        public String resource() {
            return SAMPLES + "/" + file;
        }

        /**
         * Opens the WAV bytes.
         *
         * @throws UncheckedIOException when the resource is missing from the classpath
         */
        public InputStream open() {
            InputStream in = DefaultModels.class.getResourceAsStream(resource());
            if (in == null) {
                throw new UncheckedIOException(new IOException("bundled sample " + resource() + " is not on the classpath"));
            }
            return in;
        }
    }

    /**
     * The bundled samples, in the order of their index ({@code samples.tsv}: file, language,
     * caption, voice, concept; tab-separated, UTF-8, {@code #} starts a comment line).
     *
     * @throws UncheckedIOException when the index is missing or malformed
     */
    public static List<Sample> samples() {
        InputStream in = DefaultModels.class.getResourceAsStream(SAMPLE_INDEX);
        if (in == null) {
            throw new UncheckedIOException(new IOException("sample index " + SAMPLE_INDEX + " is not on the classpath"));
        }
        List<Sample> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 5) {
                    throw new IOException(SAMPLE_INDEX + " line " + n + ": expected 5 tab-separated fields "
                            + "(file, language, caption, voice, concept), got " + f.length);
                }
                out.add(new Sample(f[0], f[1], f[2], f[3], f[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }
}
