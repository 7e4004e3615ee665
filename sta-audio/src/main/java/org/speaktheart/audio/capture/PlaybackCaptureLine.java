package org.speaktheart.audio.capture;

import javax.sound.sampled.AudioFormat;
import org.speaktheart.audio.AudioClip;

/**
 * A {@link CaptureLine} that plays a clip as if it came from a microphone: signed 16-bit
 * little-endian mono PCM at the clip's rate, delivered as fast as it is read, then end of stream.
 * Used to test capture logic and to run the capture path on recorded files.
 */
public final class PlaybackCaptureLine implements CaptureLine {
    private final byte[] pcm;
    private final AudioFormat format;
    private int pos;
    private boolean closed;

    /**
     * Creates a line that plays a clip once.
     *
     * @param clip the audio to deliver (quantised to 16 bits, clipped to full scale)
     */
    public PlaybackCaptureLine(AudioClip clip) {
        this.format = new AudioFormat(clip.sampleRate(), 16, 1, true, false);
        this.pcm = new byte[clip.length() * 2];
        for (int i = 0; i < clip.length(); i++) {
            int v = (int) Math.max(-32768, Math.min(32767, Math.round(clip.sample(i) * 32768.0)));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public int read(byte[] buf, int off, int len) {
        if (closed || pos >= pcm.length) {
            return -1;
        }
        int n = Math.min(len, pcm.length - pos);
        System.arraycopy(pcm, pos, buf, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
    }
}
