package org.speaktheart.audio.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioConfigException;
import org.speaktheart.audio.InvalidAudioException;
import org.speaktheart.audio.Signals;

class LogMelConfigAndExtractorTest {

    @Test
    void defaultsAreTheDocumentedSpeechSetting() {
        LogMelConfig c = LogMelConfig.defaults();
        assertEquals(16000, c.sampleRate());
        assertEquals(512, c.nFft());
        assertEquals(400, c.winLength());
        assertEquals(160, c.hopLength());
        assertEquals(80, c.nMels());
        assertEquals(0.0, c.fMin());
        assertEquals(8000.0, c.fMax());
        assertEquals(LogMelConfig.MelScale.SLANEY, c.melScale());
        assertEquals(LogMelConfig.MelNorm.SLANEY, c.melNorm());
        assertEquals(LogMelConfig.Window.HANN, c.window());
        assertEquals(1001, c.frameCount(160000)); // 10 s
    }

    @Test
    void jsonRoundTripsEveryField() throws Exception {
        LogMelConfig c = LogMelConfig.builder().sampleRate(22050).nFft(1024).winLength(551).hopLength(221)
                .window(LogMelConfig.Window.HAMMING).center(false).padMode(LogMelConfig.PadMode.ZERO).nMels(64)
                .fMin(31.5).fMax(10000.25).melScale(LogMelConfig.MelScale.HTK).melNorm(LogMelConfig.MelNorm.NONE)
                .spectrum(LogMelConfig.Spectrum.MAGNITUDE).logFloor(1.5e-7)
                .normalization(LogMelConfig.Normalization.MEAN_VARIANCE).build();
        assertEquals(c, LogMelConfig.fromJson(c.toJson()));
        assertEquals(LogMelConfig.defaults(), LogMelConfig.fromJson(LogMelConfig.defaults().toJson()));
        assertEquals(c, c.toBuilder().build());
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(bos)) {
            oos.writeObject(c);
        }
        try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(bos.toByteArray()))) {
            assertEquals(c, ois.readObject());
        }
    }

    @Test
    void badJsonAndBadFieldsAreNamed() {
        String good = LogMelConfig.defaults().toJson();
        assertMessage(() -> LogMelConfig.fromJson("not json {"), "cannot be parsed");
        assertMessage(() -> LogMelConfig.fromJson("[1,2]"), "not an object");
        assertMessage(() -> LogMelConfig.fromJson(with(good, "version", 2)), "version 2 is unknown");
        assertMessage(() -> LogMelConfig.fromJson(with(good, "format", "other")), "format is 'other'");
        JsonObject missing = JsonParser.parseString(good).getAsJsonObject();
        missing.remove("hopLength");
        assertMessage(() -> LogMelConfig.fromJson(missing.toString()), "'hopLength' is missing");
        assertMessage(() -> LogMelConfig.fromJson(with(good, "window", "KAISER")), "'window' is 'KAISER'");
        assertMessage(() -> LogMelConfig.fromJson(with(good, "nMels", 80.5)), "'nMels' is 80.5");
        assertMessage(() -> LogMelConfig.fromJson(with(good, "fMax", 9000)), "fMax is 9000.0");
        assertMessage(() -> LogMelConfig.builder().nFft(511).build(), "nFft is 511");
        assertMessage(() -> LogMelConfig.builder().winLength(600).build(), "winLength is 600");
        assertMessage(() -> LogMelConfig.builder().logFloor(0).build(), "logFloor is 0.0");
        assertMessage(() -> LogMelConfig.builder().sampleRate(0).build(), "sampleRate");
        assertMessage(() -> LogMelConfig.builder().nFft(64).winLength(64).nMels(128).build(), "without any FFT bin");
    }

    private static String with(String json, String field, Object value) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        if (value instanceof Number n) {
            o.addProperty(field, n);
        } else {
            o.addProperty(field, value.toString());
        }
        return o.toString();
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        AudioConfigException e = assertThrows(AudioConfigException.class, call);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should contain '" + part + "'");
    }

    @Test
    void flatLayoutBatchAndNormalisation() {
        LogMelConfig c = LogMelConfig.builder().nMels(40).build();
        LogMelExtractor ex = new LogMelExtractor(c);
        AudioClip a = AudioClip.of(Signals.noise(1, 0.3, 4000), 16000);
        AudioClip b = AudioClip.of(Signals.noise(2, 0.3, 2500), 16000);
        float[][] rows = ex.extract(a);
        float[] flat = ex.extractFlat(a);
        assertEquals(26, rows.length);
        for (int t = 0; t < rows.length; t++) {
            for (int m = 0; m < 40; m++) {
                assertEquals(rows[t][m], flat[t * 40 + m], 0f);
            }
        }
        LogMelBatch batch = ex.extractBatch(List.of(a, b));
        assertEquals(2, batch.batch());
        assertEquals(26, batch.maxFrames());
        assertArrayEquals(new int[] {26, 16}, batch.frames());
        float[][] rb = ex.extract(b);
        for (int t = 0; t < 26; t++) {
            for (int m = 0; m < 40; m++) {
                assertEquals(rows[t][m], batch.get(0, t, m), 0f);
                assertEquals(t < 16 ? rb[t][m] : 0f, batch.get(1, t, m), 0f);
            }
        }
        assertEquals(2, ex.extractAll(List.of(a, b)).size());

        LogMelExtractor mvn = new LogMelExtractor(c.toBuilder().normalization(LogMelConfig.Normalization.MEAN_VARIANCE).build());
        float[][] n = mvn.extract(a);
        for (int m = 0; m < 40; m++) {
            double mean = 0;
            double sq = 0;
            for (float[] row : n) {
                mean += row[m];
                sq += row[m] * row[m];
            }
            mean /= n.length;
            assertEquals(0.0, mean, 1e-5);
            assertEquals(1.0, Math.sqrt(sq / n.length - mean * mean), 1e-4);
            // and it is an affine map of the raw features
            double mu = 0;
            for (float[] row : rows) {
                mu += row[m];
            }
            mu /= rows.length;
            double ratio = (rows[3][m] - mu) / n[3][m];
            assertEquals(ratio, (rows[7][m] - mu) / n[7][m], 1e-3 * Math.abs(ratio));
        }
    }

    /** One extractor shared by threads gives the single-threaded values (power-of-two and mixed-radix FFT). */
    @Test
    void sharedExtractorIsThreadSafe() throws Exception {
        for (int nFft : new int[] {512, 400}) {
            LogMelExtractor ex = new LogMelExtractor(LogMelConfig.builder().nFft(nFft).build());
            AudioClip[] clips = new AudioClip[8];
            float[][] expected = new float[clips.length][];
            for (int i = 0; i < clips.length; i++) {
                clips[i] = AudioClip.of(Signals.noise(100 + i, 0.5, 8000 + 37 * i), 16000);
                expected[i] = ex.extractFlat(clips[i]);
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
                for (int job = 0; job < 64; job++) {
                    int i = job % clips.length;
                    results.add(pool.submit(() -> java.util.Arrays.equals(expected[i], ex.extractFlat(clips[i]))));
                }
                for (java.util.concurrent.Future<Boolean> r : results) {
                    assertTrue(r.get(), "nFft " + nFft);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void reflectIndexMatchesNumpyReflect() {
        // numpy.pad([0,1,2,3], 6, mode='reflect') = [0,1,2,3,2,1,0,1,2,3,2,1,0,1,2,3]
        int[] expected = {0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1, 2, 3};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], LogMelExtractor.reflectIndex(i - 6, 4), "index " + (i - 6));
        }
        assertEquals(0, LogMelExtractor.reflectIndex(-5, 1));
    }

    @Test
    void wrongRateAndTooShortAreRefused() {
        LogMelExtractor ex = new LogMelExtractor(LogMelConfig.defaults());
        InvalidAudioException rate = assertThrows(InvalidAudioException.class,
                () -> ex.extract(AudioClip.of(new float[1000], 44100)));
        assertTrue(rate.getMessage().contains("44100 Hz") && rate.getMessage().contains("16000 Hz"));
        assertThrows(InvalidAudioException.class, () -> ex.extract(AudioClip.of(new float[0], 16000)));
        LogMelExtractor noCenter = new LogMelExtractor(LogMelConfig.builder().center(false).build());
        assertThrows(InvalidAudioException.class, () -> noCenter.extract(AudioClip.of(new float[511], 16000)));
        assertEquals(1, noCenter.extract(AudioClip.of(new float[512], 16000)).length);
        // Silence hits the log floor exactly.
        float[][] silent = ex.extract(AudioClip.of(new float[1600], 16000));
        assertEquals((float) Math.log(1e-10), silent[3][10], 0f);
        // One sample works with reflect padding.
        assertEquals(1, ex.extract(AudioClip.of(new float[] {0.5f}, 16000)).length);
        assertThrows(InvalidAudioException.class, () -> ex.extractBatch(List.of()));
    }
}
