package org.speaktheart.audio.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioConfigException;
import org.speaktheart.audio.InvalidAudioException;
import org.speaktheart.audio.Signals;

class AudioConditionerTest {
    private static final int SR = 16000;

    /** 0.5 s of faint noise, 1 s tone of amplitude 0.3 on a DC offset of 0.1, 0.5 s of faint noise. */
    private static AudioClip speechLike() {
        float[] x = Signals.noise(1, 1e-4, 2 * SR);
        float[] tone = Signals.sine(300, 0.3, 0, SR, SR);
        for (int i = 0; i < SR; i++) {
            x[SR / 2 + i] += tone[i];
        }
        for (int i = 0; i < x.length; i++) {
            x[i] += 0.1f;
        }
        return AudioClip.of(x, SR);
    }

    @Test
    void defaultsRemoveDcTrimAndPeakNormalise() {
        AudioClip out = AudioConditioner.defaults().apply(speechLike());
        // Kept: the tone plus 50 ms margins, within one 25 ms frame at each end.
        double expected = 1.0 + 2 * 0.05;
        assertEquals(expected, out.durationSeconds(), 0.05);
        assertEquals(Math.pow(10, -1 / 20.0), out.peak(), 1e-6);
        double mean = 0;
        for (float v : out.samples()) {
            mean += v;
        }
        assertEquals(0.0, mean / out.length(), 2e-3); // DC gone (the trimmed span is not whole periods)
    }

    @Test
    void rmsNormalisationHitsTargetAndNeverClips() {
        AudioClip tone = AudioClip.of(Signals.sine(440, 0.05, 0, SR, SR), SR);
        AudioConditioner rms20 = AudioConditioner.builder().trim(false).level(AudioConditioner.Level.RMS)
                .targetDbfs(-20).build();
        assertEquals(0.1, rms20.apply(tone).rms(), 1e-5);
        AudioConditioner rms0 = AudioConditioner.builder().trim(false).level(AudioConditioner.Level.RMS).targetDbfs(0).build();
        AudioClip loud = rms0.apply(tone);
        assertEquals(1.0, loud.peak(), 1e-6); // 0 dBFS RMS needs peak 1.41: capped at full scale
    }

    @Test
    void preEmphasisIsTheFirstOrderDifference() {
        float[] x = Signals.noise(3, 0.5, 101);
        AudioConditioner pe = AudioConditioner.builder().removeDc(false).trim(false)
                .level(AudioConditioner.Level.NONE).preEmphasis(0.97).build();
        float[] y = pe.apply(AudioClip.of(x, SR)).samples();
        assertEquals(x[0], y[0], 0);
        for (int i = 1; i < x.length; i++) {
            assertEquals(x[i] - 0.97 * x[i - 1], y[i], 1e-6);
        }
    }

    @Test
    void guardsAndValidation() {
        AudioConditioner c = AudioConditioner.builder().maxDurationSeconds(1.5).build();
        InvalidAudioException tooLong = assertThrows(InvalidAudioException.class, () -> c.apply(speechLike()));
        assertTrue(tooLong.getMessage().contains("2.000 s") && tooLong.getMessage().contains("1.500 s"), tooLong.getMessage());
        InvalidAudioException silent = assertThrows(InvalidAudioException.class,
                () -> AudioConditioner.defaults().apply(AudioClip.of(Signals.noise(4, 5e-5, 8000), SR)));
        assertTrue(silent.getMessage().contains("silent"), silent.getMessage());
        assertThrows(InvalidAudioException.class, () -> AudioConditioner.defaults().apply(AudioClip.of(new float[0], SR)));
        AudioConfigException bad = assertThrows(AudioConfigException.class,
                () -> AudioConditioner.builder().preEmphasis(1.2).build());
        assertTrue(bad.getMessage().contains("preEmphasis"), bad.getMessage());
        assertThrows(AudioConfigException.class, () -> AudioConditioner.builder().targetDbfs(3).build());
    }
}
