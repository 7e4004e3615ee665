package org.speaktheart.audio.capture;

import java.io.ByteArrayOutputStream;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioConfigException;
import org.speaktheart.audio.AudioDeviceException;
import org.speaktheart.audio.InvalidAudioException;
import org.speaktheart.audio.dsp.Resampler;
import org.speaktheart.audio.io.AudioDecoder;

/**
 * Records one utterance from a {@link CaptureLine}: reads chunks of {@code chunkSeconds}, marks
 * speech as started at the first chunk whose RMS exceeds {@code silenceDbfs}, and stops after
 * {@code silenceSeconds} of consecutive quiet chunks following speech, after {@code maxSeconds} of
 * audio, or at the end of the line. Durations are counted in samples, so the outcome does not
 * depend on timing.
 *
 * <p>The returned clip is mono at the line's rate and holds everything read (including leading
 * silence and the closing stretch of silence); pass it to
 * {@link org.speaktheart.audio.dsp.AudioConditioner} to trim it.
 *
 * @param sampleRate rate in Hz requested from the default microphone
 * @param maxSeconds longest recording in seconds, positive
 * @param silenceSeconds quiet time after speech that ends the recording, positive
 * @param silenceDbfs chunk RMS at or below this (dB full scale) counts as quiet, negative
 * @param chunkSeconds reading granularity in seconds, in (0, 1]
 */
public record MicrophoneRecorder(int sampleRate, double maxSeconds, double silenceSeconds, double silenceDbfs,
                                 double chunkSeconds) {
    /** Validates every field; the message names the first bad one. */
    public MicrophoneRecorder {
        try {
            AudioClip.checkSampleRate(sampleRate);
        } catch (InvalidAudioException e) {
            throw new AudioConfigException("MicrophoneRecorder.sampleRate: " + e.getMessage(), e);
        }
        check(maxSeconds > 0 && maxSeconds <= 3600, "maxSeconds", maxSeconds, "(0, 3600]");
        check(silenceSeconds > 0 && Double.isFinite(silenceSeconds), "silenceSeconds", silenceSeconds, "> 0");
        check(silenceDbfs < 0 && silenceDbfs > -150, "silenceDbfs", silenceDbfs, "(-150, 0)");
        check(chunkSeconds > 0 && chunkSeconds <= 1, "chunkSeconds", chunkSeconds, "(0, 1]");
    }

    private static void check(boolean ok, String field, Object v, String accepted) {
        if (!ok) {
            throw new AudioConfigException("MicrophoneRecorder." + field + " is " + v + "; accepted: " + accepted);
        }
    }

    /** @return 16 kHz, at most 10 s, stop after 0.8 s of quiet below -45 dBFS, 20 ms chunks */
    public static MicrophoneRecorder defaults() {
        return new MicrophoneRecorder(16_000, 10.0, 0.8, -45.0, 0.02);
    }

    /**
     * Records from the system's default input device, opened and closed by this call. The device is
     * asked for {@code sampleRate}, then 48 kHz and 44.1 kHz; a recording at another rate is
     * resampled to {@code sampleRate}.
     *
     * @return the recorded clip at {@code sampleRate}
     * @throws AudioDeviceException when there is no usable input device
     */
    public AudioClip recordDefaultMicrophone() {
        try (CaptureLine line = JavaSoundCaptureLine.openDefault(sampleRate, 48_000, 44_100)) {
            return new Resampler().resample(record(line), sampleRate);
        }
    }

    /**
     * Records from a line, which stays open (the caller owns it).
     *
     * @param line the source
     * @return the recorded clip at the line's rate
     */
    public AudioClip record(CaptureLine line) {
        javax.sound.sampled.AudioFormat fmt = line.format();
        long rate = Math.round(fmt.getSampleRate());
        AudioClip.checkSampleRate(rate);
        int frameBytes = fmt.getFrameSize();
        if (frameBytes <= 0) {
            throw new AudioDeviceException("capture line reports frame size " + frameBytes + "; a positive size is needed");
        }
        int chunkFrames = Math.max(1, (int) Math.round(chunkSeconds * rate));
        long maxFrames = Math.round(maxSeconds * rate);
        long quietFramesToStop = Math.round(silenceSeconds * rate);
        double threshold = Math.pow(10, silenceDbfs / 20);
        byte[] chunk = new byte[chunkFrames * frameBytes];
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long frames = 0;
        long quietFrames = 0;
        boolean speech = false;
        while (frames < maxFrames) {
            int want = (int) Math.min(chunkFrames, maxFrames - frames) * frameBytes;
            int got = readFully(line, chunk, want);
            int whole = got - got % frameBytes;
            if (whole == 0) {
                break;
            }
            all.write(chunk, 0, whole);
            byte[] part = whole == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, whole);
            float[] mono = AudioDecoder.decodePcm(part, fmt);
            frames += mono.length;
            if (rms(mono) > threshold) {
                speech = true;
                quietFrames = 0;
            } else if (speech) {
                quietFrames += mono.length;
                if (quietFrames >= quietFramesToStop) {
                    break;
                }
            }
            if (got < want) {
                break; // the line ended
            }
        }
        return AudioClip.of(AudioDecoder.decodePcm(all.toByteArray(), fmt), (int) rate);
    }

    private static int readFully(CaptureLine line, byte[] buf, int len) {
        int n = 0;
        while (n < len) {
            int r = line.read(buf, n, len - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    private static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return x.length == 0 ? 0 : Math.sqrt(s / x.length);
    }
}
