package org.speaktheart.data;

import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Test helper: decodes a WAV file and reports its format, duration and loudness. */
public final class WavProbe {
    /**
     * @param sampleRate Hz
     * @param channels channel count
     * @param bits bits per sample
     * @param seconds duration
     * @param rms root mean square of the samples in [-1, 1]
     */
    public record Info(float sampleRate, int channels, int bits, double seconds, double rms) { }

    private WavProbe() { }

    // lead: switch to org.speaktheart.audio.AudioDecoder at merge
    public static Info probe(Path wav) throws IOException, UnsupportedAudioFileException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = in.getFormat();
            byte[] b = in.readAllBytes();
            int frames = b.length / f.getFrameSize();
            double sum = 0;
            for (int i = 0; i + 1 < b.length; i += 2) {
                int s = f.isBigEndian() ? (short) ((b[i] << 8) | (b[i + 1] & 0xff)) : (short) ((b[i + 1] << 8) | (b[i] & 0xff));
                sum += (s / 32768.0) * (s / 32768.0);
            }
            return new Info(f.getSampleRate(), f.getChannels(), f.getSampleSizeInBits(), frames / f.getSampleRate(),
                    Math.sqrt(sum / Math.max(1, b.length / 2)));
        }
    }
}
