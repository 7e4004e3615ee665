package org.speaktheart.data.tts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * MBROLA diphone voices driven by eSpeak NG: eSpeak NG writes phonemes with durations and pitch
 * ({@code --pho}, where speed and pitch are applied), {@code mbrola} renders them.
 *
 * <p>Arabic fix: eSpeak NG 1.51 emits the phoneme {@code R}, which the ar1/ar2 databases lack, so
 * every r would become silence; for Arabic voices lines starting with {@code R<TAB>} are rewritten
 * to {@code r<TAB>} before mbrola reads them.
 */
public final class MbrolaSynthesizer extends ProcessSynthesizer {
    /** Directory where Debian installs MBROLA databases ({@code <dir>/<name>/<name>}). */
    public static final Path DATABASES = Path.of("/usr/share/mbrola");
    /** English databases offered when installed. */
    public static final List<String> ENGLISH = List.of("us1", "us2", "us3", "en1");
    /** Arabic databases offered when installed. */
    public static final List<String> ARABIC = List.of("ar1", "ar2");
    /** French databases offered when installed (Debian {@code mbrola-fr1} ... {@code mbrola-fr7}; fr2 and fr4 are female, fr5 Belgian). */
    public static final List<String> FRENCH = List.of("fr1", "fr2", "fr3", "fr4", "fr5", "fr6", "fr7");
    private static final Pattern R_LINE = Pattern.compile("(?m)^R\t");

    /**
     * @param runner process runner
     * @param voices voices to offer; names are MBROLA database names such as {@code us1}
     */
    public MbrolaSynthesizer(ProcessRunner runner, List<Voice> voices) {
        super(runner, voices);
    }

    /**
     * @param runner process runner
     * @return a driver offering those of {@link #ENGLISH}, {@link #ARABIC} and {@link #FRENCH} whose database file exists
     */
    public static MbrolaSynthesizer withInstalledVoices(ProcessRunner runner) {
        return new MbrolaSynthesizer(runner, java.util.stream.Stream.of(
                ENGLISH.stream().map(n -> new Voice(Engine.MBROLA, n, "en")),
                ARABIC.stream().map(n -> new Voice(Engine.MBROLA, n, "ar")),
                FRENCH.stream().map(n -> new Voice(Engine.MBROLA, n, "fr"))).flatMap(s -> s)
                .filter(v -> Files.isRegularFile(database(v.name()))).toList());
    }

    /**
     * The database file a voice name renders with. A name is a database name such as {@code ar1}, or
     * one of eSpeak NG's cross-language MBROLA voices such as {@code de1-en} (the German database
     * {@code de1} reading English through eSpeak NG's {@code mb-de1-en} phoneme mapping): more
     * diphone speakers for a language than its own databases give, with the other language's accent.
     *
     * @param name voice name
     * @return the database file ({@code <dir>/<database>/<database>}, database = the name up to its first '-')
     */
    public static Path database(String name) {
        int dash = name.indexOf('-');
        String db = dash < 0 ? name : name.substring(0, dash);
        return DATABASES.resolve(db).resolve(db);
    }

    /**
     * Applies the Arabic R-phoneme fix to eSpeak NG phoneme output.
     *
     * @param pho phoneme lines
     * @return the lines with {@code R} phonemes renamed {@code r}
     */
    public static String fixArabicR(String pho) {
        return R_LINE.matcher(pho).replaceAll("r\t");
    }

    @Override
    public Engine engine() {
        return Engine.MBROLA;
    }

    @Override
    protected void produce(SpeechRequest r, Path rawWav) {
        String name = r.voice().name();
        byte[] pho = runner.run(List.of("espeak-ng", "-v", "mb-" + name, "-q", "--pho", "-s", espeakRate(r.speed()),
                "-p", espeakPitch(r.pitchSemitones()), "--", r.text()), null);
        if ("ar".equals(r.voice().language())) {
            pho = fixArabicR(new String(pho, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
        // -e: skip missing diphones instead of stopping.
        runner.run(List.of("mbrola", "-e", database(name).toString(), "-", rawWav.toString()), pho);
    }

    @Override
    protected boolean appliesProsody() {
        return true;
    }
}
