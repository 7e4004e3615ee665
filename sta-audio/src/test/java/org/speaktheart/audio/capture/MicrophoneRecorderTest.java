package org.speaktheart.audio.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioConfigException;
import org.speaktheart.audio.Signals;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.audio.io.WavEncoding;
import org.speaktheart.audio.io.WavWriter;

/** Records from a line that plays a WAV file, checking the stop rules sample-exactly. */
class MicrophoneRecorderTest {
    private static final int SR = 16000;

    /** 0.3 s silence, 1.0 s tone, 1.2 s silence, 0.5 s tone. */
    private static AudioClip utteranceFile(Path dir) {
        float[] x = new float[(int) (3.0 * SR)];
        float[] tone = Signals.sine(500, 0.3, 0, SR, (int) (1.5 * SR));
        System.arraycopy(tone, 0, x, (int) (0.3 * SR), SR);
        System.arraycopy(tone, 0, x, (int) (2.5 * SR), SR / 2);
        Path f = dir.resolve("utterance.wav");
        WavWriter.write(AudioClip.of(x, SR), WavEncoding.PCM_16, f);
        return AudioDecoder.standard().decode(f);
    }

    @Test
    void stopsAfterSilenceFollowingSpeech(@TempDir Path dir) {
        AudioClip file = utteranceFile(dir);
        MicrophoneRecorder rec = new MicrophoneRecorder(SR, 10, 0.5, -45, 0.02);
        AudioClip got;
        try (PlaybackCaptureLine line = new PlaybackCaptureLine(file)) {
            got = rec.record(line);
        }
        // 15 chunks of leading silence, 50 of tone, then 25 quiet chunks end it: 90 chunks of 320 samples.
        assertEquals(90 * 320, got.length());
        assertEquals(SR, got.sampleRate());
        for (int i = 0; i < got.length(); i++) {
            assertEquals(file.sample(i), got.sample(i), 0f, "sample " + i); // 16-bit in, 16-bit out: exact
        }
    }

    @Test
    void timeLimitAndEndOfLine(@TempDir Path dir) {
        AudioClip file = utteranceFile(dir);
        MicrophoneRecorder shortLimit = new MicrophoneRecorder(SR, 1.0, 0.5, -45, 0.02);
        assertEquals(SR, shortLimit.record(new PlaybackCaptureLine(file)).length());
        // Silence never long enough: reads to the end of the line.
        MicrophoneRecorder patient = new MicrophoneRecorder(SR, 10, 2.0, -45, 0.03);
        assertEquals(file.length(), patient.record(new PlaybackCaptureLine(file)).length());
        // An odd time limit is honoured to the sample.
        MicrophoneRecorder odd = new MicrophoneRecorder(SR, 0.123456, 2.0, -45, 0.02);
        assertEquals(Math.round(0.123456 * SR), odd.record(new PlaybackCaptureLine(file)).length());
    }

    @Test
    void settingsAreValidated() {
        assertThrows(AudioConfigException.class, () -> new MicrophoneRecorder(SR, 0, 0.5, -45, 0.02));
        assertThrows(AudioConfigException.class, () -> new MicrophoneRecorder(SR, 5, 0.5, 3, 0.02));
        assertThrows(AudioConfigException.class, () -> new MicrophoneRecorder(5, 5, 0.5, -45, 0.02));
        assertEquals(16000, MicrophoneRecorder.defaults().sampleRate());
    }
}
