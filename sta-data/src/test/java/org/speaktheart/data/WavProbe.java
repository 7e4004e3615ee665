package org.speaktheart.data;

import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.io.AudioDecoder;

/**
 * Test helper: decodes a WAV file with sta-audio (the decoder the encoder uses) and reports its
 * stored format (from the header), duration and loudness.
 */
public final class WavProbe {
    /**
     * @param sampleRate Hz
     * @param channels channel count stored in the file
     * @param bits bits per sample stored in the file
     * @param seconds duration of the decoded clip
     * @param rms root mean square of the decoded samples in [-1, 1]
     */
    public record Info(float sampleRate, int channels, int bits, double seconds, double rms) { }

    private static final AudioDecoder DECODER = AudioDecoder.standard();

    private WavProbe() { }

    /** Decodes {@code wav} and describes it. */
    public static Info probe(Path wav) throws IOException, UnsupportedAudioFileException {
        AudioFormat stored = AudioSystem.getAudioFileFormat(wav.toFile()).getFormat();
        AudioClip clip = DECODER.decode(wav);
        return new Info(clip.sampleRate(), stored.getChannels(), stored.getSampleSizeInBits(), clip.durationSeconds(),
                clip.rms());
    }
}
