package org.speaktheart.data.tts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shared machinery of the process-based drivers: the engine writes a WAV at its own rate into a
 * temporary file, {@code sox} converts it to 16 kHz mono 16-bit PCM without dither (so output is
 * deterministic), applies speed and pitch with its {@code tempo} and {@code pitch} effects when the
 * engine cannot, and the result is moved atomically into place.
 */
public abstract class ProcessSynthesizer implements SpeechSynthesizer {
    /** Output sample rate of every driver, Hz. */
    public static final int SAMPLE_RATE = 16_000;
    /** Smallest accepted output (WAV header plus 0.1 s of audio), bytes. */
    private static final long MIN_BYTES = 44 + SAMPLE_RATE / 10 * 2;

    /** Runs the engine and sox. */
    protected final ProcessRunner runner;
    private final List<Voice> voices;

    /**
     * @param runner process runner (holds the timeout)
     * @param voices voices offered
     */
    protected ProcessSynthesizer(ProcessRunner runner, List<Voice> voices) {
        this.runner = runner;
        this.voices = List.copyOf(voices);
    }

    @Override
    public final List<Voice> voices() {
        return voices;
    }

    /**
     * Runs the engine.
     *
     * @param request the request
     * @param rawWav where the engine must write a WAV file (any rate or channel count)
     */
    protected abstract void produce(SpeechRequest request, Path rawWav);

    /** @return whether {@link #produce} already applied speed and pitch */
    protected abstract boolean appliesProsody();

    @Override
    public final void synthesize(SpeechRequest request, Path wavOut) {
        if (request.voice().engine() != engine() || !voices.contains(request.voice())) {
            throw new SynthesisException("voice " + request.voice().id() + " is not offered by the " + engine().key()
                    + " driver; offered: " + voices.stream().map(Voice::id).toList());
        }
        Path out = wavOut.toAbsolutePath();
        Path raw = null;
        Path conv = null;
        try {
            Files.createDirectories(out.getParent());
            raw = Files.createTempFile(out.getParent(), ".tts-raw-", ".wav");
            conv = Files.createTempFile(out.getParent(), ".tts-16k-", ".wav");
            produce(request, raw);
            if (Files.size(raw) <= 44) {
                throw new SynthesisException(engine().key() + " wrote no audio for voice " + request.voice().id() + " and text '" + request.text() + "'");
            }
            List<String> sox = new ArrayList<>(List.of("sox", "-D", "-q", raw.toString(), "-r", String.valueOf(SAMPLE_RATE),
                    "-c", "1", "-b", "16", "-e", "signed-integer", conv.toString()));
            if (!appliesProsody()) {
                if (request.speed() != 1.0) {
                    sox.addAll(List.of("tempo", "-s", String.format(Locale.ROOT, "%.4f", request.speed())));
                }
                if (request.pitchSemitones() != 0.0) {
                    sox.addAll(List.of("pitch", String.format(Locale.ROOT, "%.1f", request.pitchSemitones() * 100)));
                }
            }
            runner.run(sox, null);
            if (Files.size(conv) < MIN_BYTES) {
                throw new SynthesisException(engine().key() + " produced under 0.1 s of audio for voice " + request.voice().id()
                        + " and text '" + request.text() + "'");
            }
            Files.move(conv, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            conv = null;
        } catch (IOException e) {
            throw new SynthesisException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(raw);
            deleteQuietly(conv);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // A leftover hidden temp file is harmless; the build result is already decided.
            }
        }
    }

    /**
     * eSpeak NG rate for a speed factor.
     *
     * @param speed factor, 1 = 175 words per minute
     * @return words per minute
     */
    protected static String espeakRate(double speed) {
        return String.valueOf((int) Math.round(175 * speed));
    }

    /**
     * eSpeak NG pitch (0..99, 50 normal) for a semitone shift; about 4 units per semitone.
     *
     * @param semitones shift
     * @return pitch argument
     */
    protected static String espeakPitch(double semitones) {
        return String.valueOf((int) Math.max(0, Math.min(99, Math.round(50 + 4 * semitones))));
    }
}
