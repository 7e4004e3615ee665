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
     * Opens and starts the default input line as signed 16-bit little-endian mono PCM.
     *
     * @param sampleRate requested rate in Hz
     * @return the started line; close it when done
     * @throws AudioDeviceException when no input device exists or it refuses the format
     */
    public static JavaSoundCaptureLine openDefault(int sampleRate) {
        AudioFormat fmt = new AudioFormat(sampleRate, 16, 1, true, false);
        TargetDataLine line;
        try {
            line = AudioSystem.getTargetDataLine(fmt);
            line.open(fmt);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new AudioDeviceException("no audio input accepts " + fmt + ": " + e.getMessage()
                    + "; a default input device with 16-bit mono PCM at " + sampleRate + " Hz is needed", e);
        }
        line.start();
        return new JavaSoundCaptureLine(line);
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
