package org.speaktheart.bench.audio;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.dsp.Resampler;
import org.speaktheart.audio.features.LogMelConfig;
import org.speaktheart.audio.features.LogMelExtractor;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.audio.io.WavEncoding;
import org.speaktheart.audio.io.WavWriter;

/**
 * sta-audio front-end costs on 10 s of audio: decoding a 44.1 kHz stereo 16-bit WAV, resampling it
 * to 16 kHz, and the default log-mel features (80 mels, n_fft 512, hop 160) of 10 s at 16 kHz.
 * Inputs are synthetic (two tones plus uniform noise, fixed seeds) and built once per trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AudioBench {
    private byte[] wav44kStereo;
    private AudioClip clip44k;
    private AudioClip clip16k;
    private final AudioDecoder decoder = AudioDecoder.standard();
    private final Resampler resampler = new Resampler();
    private final LogMelExtractor extractor = new LogMelExtractor(LogMelConfig.defaults());

    /** Builds the 10 s inputs. */
    @Setup
    public void setup() {
        wav44kStereo = WavWriter.toBytes(new float[][] {signal(44100, 1), signal(44100, 2)}, 44100,
                WavEncoding.PCM_16, false);
        clip44k = decoder.decode(wav44kStereo);
        clip16k = AudioClip.of(signal(16000, 3), 16000);
    }

    private static float[] signal(int rate, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[10 * rate];
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / rate;
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * 3100 * t)
                    + 0.1 * (2 * r.nextDouble() - 1));
        }
        return x;
    }

    /** @return 10 s of 44.1 kHz stereo 16-bit WAV decoded to mono */
    @Benchmark
    public AudioClip decode44kStereo() {
        return decoder.decode(wav44kStereo);
    }

    /** @return 10 s of 44.1 kHz mono resampled to 16 kHz */
    @Benchmark
    public AudioClip resample44kTo16k() {
        return resampler.resample(clip44k, 16000);
    }

    /** @return 10 s of 44.1 kHz stereo 16-bit WAV decoded and resampled to 16 kHz */
    @Benchmark
    public AudioClip decodeAndResampleTo16k() {
        return resampler.resample(decoder.decode(wav44kStereo), 16000);
    }

    /** @return default log-mel features of 10 s at 16 kHz, 1001 x 80 */
    @Benchmark
    public float[] logMel10s() {
        return extractor.extractFlat(clip16k);
    }
}
