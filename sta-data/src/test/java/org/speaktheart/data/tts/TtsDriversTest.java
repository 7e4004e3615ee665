package org.speaktheart.data.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.data.WavProbe;
import org.speaktheart.data.manifest.Split;

class TtsDriversTest {
    private static final TtsEngines ENGINES = TtsEngines.detect(Duration.ofSeconds(30));

    private static WavProbe.Info speak(Voice v, String text, double speed, double pitch, Path out) throws Exception {
        ENGINES.driverFor(v).synthesize(new SpeechRequest(text, v, speed, pitch), out);
        WavProbe.Info info = WavProbe.probe(out);
        assertEquals(16000f, info.sampleRate(), v.id());
        assertEquals(1, info.channels(), v.id());
        assertEquals(16, info.bits(), v.id());
        assertTrue(info.seconds() > 0.4 && info.seconds() < 6, v.id() + " duration " + info.seconds());
        assertTrue(info.rms() > 0.01, v.id() + " must not be silent, rms " + info.rms());
        return info;
    }

    @Test
    void espeakIsRequiredAndSpeedChangesDuration(@TempDir Path dir) throws Exception {
        assertTrue(ENGINES.has(Engine.ESPEAK_NG), "espeak-ng is required (CI installs it): " + ENGINES.report());
        Voice en = new Voice(Engine.ESPEAK_NG, "en-us", "en");
        double normal = speak(en, "a small red circle on the left", 1.0, 0, dir.resolve("n.wav")).seconds();
        double fast = speak(en, "a small red circle on the left", 1.6, 2, dir.resolve("f.wav")).seconds();
        assertTrue(fast < normal * 0.8, "speed 1.6 must shorten: " + fast + " vs " + normal);
        speak(new Voice(Engine.ESPEAK_NG, "ar", "ar"), "دَائِرَة حَمْرَاء صَغِيرَة", 1.0, -2, dir.resolve("a.wav"));
        try (var s = Files.list(dir)) {
            assertEquals(3, s.count(), "no temporary file may remain");
        }
    }

    private static String phrase(String language) {
        switch (language) {
            case "ar":
                return "رَجُل كَبِير";
            case "fr":
                return "une grenouille de couleur verte";
            default:
                return "a small red circle";
        }
    }

    @Test
    void frenchVoicesAreFoundDistinctAndPartitioned(@TempDir Path dir) throws Exception {
        assertTrue(ENGINES.has(Engine.ESPEAK_NG), "espeak-ng is required (CI installs it): " + ENGINES.report());
        List<Voice> fr = ENGINES.requireVoices("fr");
        List<Voice> espeak = EspeakSynthesizer.FRENCH.stream().map(n -> new Voice(Engine.ESPEAK_NG, n, "fr")).toList();
        assertTrue(fr.containsAll(espeak), fr.toString());
        assertEquals(7, espeak.size());
        java.util.Set<String> hashes = new java.util.HashSet<>();
        for (Voice v : espeak) {
            speak(v, phrase("fr"), 1.0, 0, dir.resolve(v.fileSafeId() + ".wav"));
            hashes.add(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(dir.resolve(v.fileSafeId() + ".wav")))));
        }
        assertEquals(espeak.size(), hashes.size(), "every French eSpeak NG voice must sound different");
        Map<Split, List<Voice>> p = VoicePartition.partition(fr, 0);
        assertEquals(fr.size(), p.values().stream().flatMap(List::stream).distinct().count(), "splits must be disjoint and cover every voice");
        int held = Math.max(1, (int) Math.round(fr.size() / 5.0));
        assertEquals(held, p.get(Split.TEST).size());
        assertEquals(held, p.get(Split.VAL).size());
        assertEquals(fr.size() - 2 * held, p.get(Split.TRAIN).size());
        assertTrue(p.values().stream().flatMap(List::stream).allMatch(v -> v.language().equals("fr")));
    }

    @Test
    void sameRequestGivesSameBytes(@TempDir Path dir) throws Exception {
        Voice en = new Voice(Engine.ESPEAK_NG, "en-gb-scotland", "en");
        speak(en, "a large blue star", 1.1, 1, dir.resolve("1.wav"));
        speak(en, "a large blue star", 1.1, 1, dir.resolve("2.wav"));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("1.wav")), Files.readAllBytes(dir.resolve("2.wav"))));
    }

    @Test
    void mbrolaArabicFixAndVoices(@TempDir Path dir) throws Exception {
        assertEquals("a\t50\nr\t60\nRr\t3\nr\t5", MbrolaSynthesizer.fixArabicR("a\t50\nR\t60\nRr\t3\nR\t5"));
        assumeTrue(ENGINES.has(Engine.MBROLA), "optional engine mbrola not installed: " + ENGINES.missing().get(Engine.MBROLA));
        for (Voice v : ENGINES.driver(Engine.MBROLA).voices()) {
            speak(v, phrase(v.language()), 1.0, 0, dir.resolve(v.fileSafeId() + ".wav"));
        }
        Voice ar1 = new Voice(Engine.MBROLA, "ar1", "ar");
        assumeTrue(ENGINES.driver(Engine.MBROLA).voices().contains(ar1), "optional mbrola-ar1 not installed");
        // Without the fix every r is silence: the same phrase must carry clearly more energy with it.
        String text = "رَجُل يَرْسُم رَسْمًا رَائِعًا";
        double fixedRms = speak(ar1, text, 1.0, 0, dir.resolve("fixed.wav")).rms();
        ProcessRunner run = new ProcessRunner(Duration.ofSeconds(30));
        byte[] pho = run.run(List.of("espeak-ng", "-v", "mb-ar1", "-q", "--pho", "-s", "175", "-p", "50", "--", text), null);
        assertTrue(new String(pho, java.nio.charset.StandardCharsets.UTF_8).contains("\nR\t"), "espeak-ng must emit R for this phrase");
        run.run(List.of("mbrola", "-e", MbrolaSynthesizer.database("ar1").toString(), "-", dir.resolve("raw.wav").toString()), pho);
        double unfixedRms = WavProbe.probe(dir.resolve("raw.wav")).rms();
        assertTrue(fixedRms > 1.25 * unfixedRms, "R fix must restore the r sounds: rms " + fixedRms + " vs " + unfixedRms);
    }

    @Test
    void mbrolaCrossLanguageVoicesUseTheirDatabase(@TempDir Path dir) throws Exception {
        assertEquals(Path.of("/usr/share/mbrola/de1/de1"), MbrolaSynthesizer.database("de1-en"));
        assertEquals(Path.of("/usr/share/mbrola/us2/us2"), MbrolaSynthesizer.database("us2"));
        assumeTrue(ENGINES.has(Engine.MBROLA), "optional engine mbrola not installed: " + ENGINES.missing().get(Engine.MBROLA));
        assumeTrue(Files.isRegularFile(MbrolaSynthesizer.database("de1")), "optional mbrola-de1 not installed");
        // the German diphone database reading English: a real, non-silent English utterance of plausible length
        Voice germanEnglish = new Voice(Engine.MBROLA, "de1-en", "en");
        Path out = dir.resolve("de1-en.wav");
        TtsEngines.offering(List.of(germanEnglish), Duration.ofSeconds(30)).driverFor(germanEnglish)
                .synthesize(new SpeechRequest("a large blue star", germanEnglish, 1.0, 0), out);
        WavProbe.Info w = WavProbe.probe(out);
        assertEquals(16000f, w.sampleRate());
        assertTrue(w.seconds() > 0.6 && w.seconds() < 4, "duration " + w.seconds());
        assertTrue(w.rms() > 0.01, "rms " + w.rms());
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"PICO", "FLITE", "FESTIVAL"})
    void soxProsodyEngines(Engine e, @TempDir Path dir) throws Exception {
        assumeTrue(ENGINES.has(e), "optional engine " + e.key() + " not installed: " + ENGINES.missing().get(e));
        for (Voice v : ENGINES.driver(e).voices()) {
            speak(v, v.language().equals("fr") ? phrase("fr") : "a green heart at the top", 1.0, 0, dir.resolve(v.fileSafeId() + "-n.wav"));
        }
        Voice v = ENGINES.driver(e).voices().get(0);
        double normal = WavProbe.probe(dir.resolve(v.fileSafeId() + "-n.wav")).seconds();
        double slow = speak(v, "a green heart at the top", 0.7, 3, dir.resolve(e.key() + "-s.wav")).seconds();
        assertEquals(normal / 0.7, slow, 0.1 * normal / 0.7, e.key() + ": sox tempo 0.7 must lengthen by 1/0.7");
    }

    @Test
    void detectionReportsMissingEnginesAndTypedErrors(@TempDir Path dir) {
        TtsEngines none = TtsEngines.detect(Duration.ofSeconds(5), dir.toString());
        assertTrue(none.available().isEmpty());
        assertEquals(Engine.values().length, none.missing().size());
        NoVoiceException e = assertThrows(NoVoiceException.class, () -> none.requireVoices("ar"));
        assertTrue(e.getMessage().contains("'ar'") && e.getMessage().contains("espeak-ng"), e.getMessage());
        assertTrue(none.missing().get(Engine.PICO).contains("libttspico-utils"), none.missing().get(Engine.PICO));
        assertThrows(SynthesisException.class, () -> new SpeechRequest("x", new Voice(Engine.FLITE, "slt", "en"), 3.0, 0));
        assertThrows(SynthesisException.class, () -> new SpeechRequest(" ", new Voice(Engine.FLITE, "slt", "en"), 1.0, 0));
        assertThrows(SynthesisException.class, () -> ENGINES.driver(Engine.ESPEAK_NG)
                .synthesize(SpeechRequest.of("x", new Voice(Engine.ESPEAK_NG, "xx-none", "en")), dir.resolve("x.wav")));
    }

    @Test
    void processTimeoutKills() {
        ProcessRunner r = new ProcessRunner(Duration.ofMillis(300));
        long t0 = System.nanoTime();
        SynthesisException e = assertThrows(SynthesisException.class, () -> r.run(List.of("sleep", "5"), null));
        assertTrue(e.getMessage().contains("did not finish within 300 ms"), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 3, "the timeout must stop the wait");
        SynthesisException exit = assertThrows(SynthesisException.class, () -> r.run(List.of("sh", "-c", "echo bad >&2; exit 3"), null));
        assertTrue(exit.getMessage().contains("exited with 3") && exit.getMessage().contains("bad"), exit.getMessage());
        assertEquals("hi", new String(r.run(List.of("cat"), "hi".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void parallelBatchReportsProgressAndVoicePartitionIsDisjoint(@TempDir Path dir) throws Exception {
        List<Voice> en = ENGINES.requireVoices("en");
        List<SynthesisJob> jobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            jobs.add(new SynthesisJob(SpeechRequest.of("number " + i, en.get(i % en.size())), dir.resolve("j" + i + ".wav")));
        }
        AtomicLong last = new AtomicLong();
        ParallelSynthesis.run(ENGINES, jobs, 2, (stage, done, total) -> last.accumulateAndGet(done, Math::max));
        assertEquals(6, last.get());
        for (SynthesisJob j : jobs) {
            assertTrue(WavProbe.probe(j.output()).seconds() > 0.3);
        }
        Map<Split, List<Voice>> p = VoicePartition.partition(en, 3);
        assertEquals(en.size(), p.values().stream().mapToInt(List::size).sum());
        assertEquals(en.size(), p.values().stream().flatMap(List::stream).distinct().count(), "splits must be disjoint");
        List<Voice> reversed = new ArrayList<>(en);
        java.util.Collections.reverse(reversed);
        assertEquals(p, VoicePartition.partition(reversed, 3), "order of input must not matter");
        assertThrows(NoVoiceException.class, () -> VoicePartition.partition(en.subList(0, 2), 1));
    }
}
