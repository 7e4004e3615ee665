package org.speaktheart.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AudioClipTest {
    @Test
    void rawArraysWithAStatedRate() {
        AudioClip pcm = AudioClip.fromPcm16(new short[] {-32768, 0, 16384, 32767}, 8000);
        assertArrayEquals(new float[] {-1f, 0f, 0.5f, 32767 / 32768f}, pcm.samples());
        AudioClip mixed = AudioClip.fromInterleaved(new float[] {0.2f, 0.4f, -1f, 1f, 0.5f, 0.25f}, 2, 16000);
        assertArrayEquals(new float[] {0.3f, 0f, 0.375f}, mixed.samples(), 1e-7f);
        assertEquals(3.0 / 16000, mixed.durationSeconds(), 1e-15);
        assertEquals(0.375f, mixed.peak());
        assertEquals(Math.sqrt((0.09 + 0.140625) / 3), mixed.rms(), 1e-7);
    }

    @Test
    void clipsAreImmutable() {
        float[] x = {0.1f, 0.2f, 0.3f};
        AudioClip c = AudioClip.of(x, 16000);
        x[0] = 0.9f;
        c.samples()[1] = 0.9f;
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, c.samples());
        assertEquals(AudioClip.of(new float[] {0.2f}, 16000), c.slice(1, 2));
    }

    @Test
    void badSamplesAndRatesAreRefused() {
        InvalidAudioException nan = assertThrows(InvalidAudioException.class,
                () -> AudioClip.of(new float[] {0f, Float.POSITIVE_INFINITY}, 16000));
        assertTrue(nan.getMessage().contains("sample 1 is Infinity"), nan.getMessage());
        InvalidAudioException rate = assertThrows(InvalidAudioException.class, () -> AudioClip.of(new float[1], 999));
        assertTrue(rate.getMessage().contains("1000..384000"), rate.getMessage());
        assertThrows(InvalidAudioException.class, () -> AudioClip.of(new float[1], 400_000));
        assertThrows(InvalidAudioException.class, () -> AudioClip.fromInterleaved(new float[5], 2, 16000));
        assertThrows(InvalidAudioException.class, () -> AudioClip.of(new float[3], 16000).slice(2, 5));
    }
}
