package org.speaktheart.audio.capture;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import org.speaktheart.audio.AudioDeviceException;

/** The system's default audio input through {@code javax.sound.sampled}, as a {@link CaptureLine}. */
public final class JavaSoundCaptureLine implements CaptureLine {
    private final TargetDataLine line;

    private JavaSoundCaptureLine(TargetDataLine line) {
        this.line = line;
    }

    /**
     * Opens and starts the default input line as signed 16-bit little-endian mono PCM at the first
     * rate the device accepts.
     *
     * @param sampleRates rates in Hz to try, in order of preference, at least one
     * @return the started line; close it when done
     * @throws AudioDeviceException when no input device exists or it refuses every rate
     */
    public static JavaSoundCaptureLine openDefault(int... sampleRates) {
        if (sampleRates.length == 0) {
            throw new AudioDeviceException("no sample rate given; at least one rate to try is needed");
        }
        StringBuilder failures = new StringBuilder();
        for (int rate : sampleRates) {
            AudioFormat fmt = new AudioFormat(rate, 16, 1, true, false);
            try {
                TargetDataLine line = AudioSystem.getTargetDataLine(fmt);
                line.open(fmt);
                line.start();
                return new JavaSoundCaptureLine(line);
            } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
                failures.append(failures.length() == 0 ? "" : "; ").append(rate).append(" Hz: ").append(e.getMessage());
            }
        }
        throw new AudioDeviceException("no default audio input accepts 16-bit mono PCM at "
                + java.util.Arrays.toString(sampleRates) + " Hz (" + failures + "); a capture device is needed");
    }

    @Override
    public AudioFormat format() {
        return line.getFormat();
    }

    @Override
    public int read(byte[] buf, int off, int len) {
        if (!line.isOpen()) {
            return -1;
        }
        int frame = Math.max(1, line.getFormat().getFrameSize());
        return line.read(buf, off, len - len % frame); // TargetDataLine reads whole frames only
    }

    @Override
    public void close() {
        line.stop();
        line.close();
    }
}
