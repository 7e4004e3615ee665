package org.speaktheart.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.audio.dsp.AudioConditioner;
import org.speaktheart.audio.dsp.Resampler;
import org.speaktheart.audio.features.LogMelBatch;
import org.speaktheart.audio.features.LogMelConfig;
import org.speaktheart.audio.features.LogMelExtractor;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.audio.io.WavEncoding;
import org.speaktheart.audio.io.WavWriter;

class AudioFrontEndTest {

    /** 44.1 kHz stereo file: 0.2 s near-silence, 0.6 s of two tones, 0.2 s near-silence. */
    private static byte[] stereoWav() {
        int sr = 44100;
        float[][] ch = new float[2][sr];
        float[] a = Signals.sine(440, 0.4, 0, sr, sr);
        float[] b = Signals.sine(1200, 0.2, 0.5, sr, sr);
        float[] hiss = Signals.noise(3, 1e-4, sr);
        for (int i = 0; i < sr; i++) {
            boolean on = i >= sr / 5 && i < 4 * sr / 5;
            ch[0][i] = hiss[i] + (on ? a[i] : 0);
            ch[1][i] = hiss[i] + (on ? b[i] : 0);
        }
        return WavWriter.toBytes(ch, sr, WavEncoding.PCM_16, false);
    }

    @Test
    void frontEndEqualsTheChainOfParts(@TempDir Path dir) {
        byte[] wav = stereoWav();
        LogMelConfig cfg = LogMelConfig.builder().nMels(40).normalization(LogMelConfig.Normalization.MEAN_VARIANCE).build();
        AudioClip manual = AudioConditioner.defaults().apply(
                new Resampler().resample(AudioDecoder.standard().decode(wav), 16000));
        float[][] expected = new LogMelExtractor(cfg).extract(manual);
        // A model stores its feature definition as JSON; the front end rebuilt from it agrees exactly.
        AudioFrontEnd fe = AudioFrontEnd.of(LogMelConfig.fromJson(cfg.toJson()));
        assertArrayEquals(expected, fe.features(wav));
        Path f = dir.resolve("in.wav");
        WavWriter.write(AudioDecoder.standard().decode(wav), WavEncoding.FLOAT_32, f);
        assertArrayEquals(expected, fe.features(f));
        // Trimming kept the 0.6 s of tones plus two 50 ms margins, within a 25 ms trimming frame at each end.
        assertEquals(0.7, fe.prepare(AudioDecoder.standard().decode(wav)).durationSeconds(), 0.05);
        LogMelBatch batch = fe.batch(List.of(AudioDecoder.standard().decode(wav)));
        assertEquals(expected.length, batch.frames()[0]);
        assertEquals(expected[5][7], batch.get(0, 5, 7), 0f);
    }
}
