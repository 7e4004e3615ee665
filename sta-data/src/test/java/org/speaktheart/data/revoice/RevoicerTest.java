package org.speaktheart.data.revoice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.data.ProgressListener;
import org.speaktheart.data.WavProbe;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.data.tts.SynthesisException;

class RevoicerTest {
    private static final ProgressListener QUIET = (stage, done, total) -> { };
    private static final List<String> NEW_VOICES = List.of("espeak-ng/en-us+m3", "espeak-ng/en-us+f3");

    /** Five English and one Arabic train utterance, one English test utterance; the source WAVs are never read. */
    private static Manifest source(Path dir) {
        List<ManifestRecord> records = new ArrayList<>();
        String[] captions = {"a red apple", "a green frog", "an orange carrot", "a pink tulip", "a yellow banana"};
        for (int i = 0; i < captions.length; i++) {
            records.add(record("train-en-" + i, captions[i], "en", "espeak-ng/en-gb-scotland", Split.TRAIN)
                    .attribute("speed", String.valueOf(0.9 + 0.05 * i)).attribute("pitch", String.valueOf(-1.0 + i)).build());
        }
        records.add(record("train-ar-0", "تُفّاحَةٌ حَمْراءُ", "ar", "espeak-ng/ar", Split.TRAIN).build());
        records.add(record("test-en-0", "a red apple", "en", "espeak-ng/en-gb", Split.TEST).build());
        return new Manifest(dir.resolve("manifest.jsonl"), records);
    }

    private static ManifestRecord.Builder record(String id, String caption, String language, String voice, Split split) {
        return ManifestRecord.builder().id(id).imagePath("images/" + id + ".png").conceptId("c-" + id).caption(caption)
                .language(language).voice(voice).audioPath("audio/" + id + ".wav").split(split);
    }

    private static RevoiceConfig.Builder english() {
        return RevoiceConfig.builder("en").voices(NEW_VOICES).maxRecords(3).seed(1).threads(2);
    }

    @Test
    void respeaksTheChosenUtterancesWithTheNewVoicesInTurnAndKeepsEveryRecord(@TempDir Path dir) throws Exception {
        Manifest src = source(dir);
        Manifest out = Revoicer.revoice(src, dir.resolve("manifest-rv.jsonl"), english().build(), QUIET);

        assertEquals(src.records().size() + 3, out.records().size());
        assertTrue(out.records().containsAll(src.records()), "every source record is kept unchanged");
        Map<String, ManifestRecord> byId = src.records().stream().collect(Collectors.toMap(ManifestRecord::id, Function.identity()));
        List<ManifestRecord> added = out.records().stream().filter(r -> r.attributes().containsKey(Revoicer.REVOICED_FROM)).toList();
        assertEquals(3, added.size());
        for (ManifestRecord r : added) {
            ManifestRecord from = byId.get(r.attributes().get(Revoicer.REVOICED_FROM));
            assertEquals(Split.TRAIN, from.split());
            assertEquals("en", from.language());
            assertEquals(from.caption(), r.caption());
            assertEquals(from.imagePath(), r.imagePath());
            assertEquals(from.attributes().get("speed"), r.attributes().get("speed"));
            assertEquals(from.attributes().get("pitch"), r.attributes().get("pitch"));
            assertEquals(Split.TRAIN, r.split());
            assertTrue(NEW_VOICES.contains(r.voice()), r.voice());
            WavProbe.Info wav = WavProbe.probe(out.resolve(r.audioPath()));
            assertEquals(16000f, wav.sampleRate());
            assertTrue(wav.seconds() > 0.4 && wav.rms() > 0.005, "non-silent speech: " + wav);
        }
        // Voices in turn: 3 utterances over 2 voices give 2 and 1.
        assertEquals(Set.of(1L, 2L), Set.copyOf(added.stream().collect(Collectors.groupingBy(ManifestRecord::voice,
                Collectors.counting())).values()));

        // Same seed: same records; WAVs already present are kept, not spoken again.
        Path oneWav = out.resolve(added.get(0).audioPath());
        Files.setLastModifiedTime(oneWav, FileTime.fromMillis(1_000_000L));
        Manifest again = Revoicer.revoice(src, dir.resolve("manifest-rv2.jsonl"), english().build(), QUIET);
        assertEquals(out.records(), again.records());
        assertEquals(1_000_000L, Files.getLastModifiedTime(oneWav).toMillis());

        // maxRecords 0 re-speaks all five English train utterances and nothing else.
        Manifest all = Revoicer.revoice(src, dir.resolve("manifest-all.jsonl"), english().maxRecords(0).build(), QUIET);
        assertEquals(5, all.records().stream().filter(r -> r.attributes().containsKey(Revoicer.REVOICED_FROM)).count());
    }

    @Test
    void refusesLeakingVoicesBadOutputsAndVoicesThatCannotSpeak(@TempDir Path dir) {
        Manifest src = source(dir);
        Path out = dir.resolve("manifest-rv.jsonl");

        RevoiceException leak = assertThrows(RevoiceException.class, () -> Revoicer.revoice(src, out,
                RevoiceConfig.builder("en").voices(List.of("espeak-ng/en-us+m3", "espeak-ng/en-gb")).build(), QUIET));
        assertTrue(leak.getMessage().contains("espeak-ng/en-gb=[test]"), leak.getMessage());

        RevoiceException elsewhere = assertThrows(RevoiceException.class, () -> Revoicer.revoice(src,
                dir.resolve("sub/manifest-rv.jsonl"), english().build(), QUIET));
        assertTrue(elsewhere.getMessage().contains("source's directory"), elsewhere.getMessage());
        assertThrows(RevoiceException.class, () -> Revoicer.revoice(src, src.file(), english().build(), QUIET));

        RevoiceException none = assertThrows(RevoiceException.class, () -> Revoicer.revoice(src, out,
                english().split(Split.VAL).build(), QUIET));
        assertTrue(none.getMessage().contains("no en utterance with audio in the val split"), none.getMessage());

        SynthesisException engine = assertThrows(SynthesisException.class, () -> english().voices(List.of("nosuch/x")));
        assertTrue(engine.getMessage().contains("accepted: [espeak-ng, mbrola, pico, flite, festival]"), engine.getMessage());
        assertThrows(SynthesisException.class, () -> english().voices(List.of("festival")));
        SynthesisException language = assertThrows(SynthesisException.class, () -> new RevoiceConfig(Split.TRAIN, "en",
                List.of(org.speaktheart.data.tts.Voice.parse("espeak-ng/ar", "ar")), 0, 0, 1, java.time.Duration.ofSeconds(5)));
        assertTrue(language.getMessage().contains("speaks 'ar'"), language.getMessage());
        assertThrows(SynthesisException.class, () -> english().voices(NEW_VOICES).build(), "duplicate voices");

        SynthesisException mute = assertThrows(SynthesisException.class, () -> Revoicer.revoice(src, out,
                RevoiceConfig.builder("en").voices(List.of("espeak-ng/xx-nosuch")).build(), QUIET));
        assertTrue(mute.getMessage().contains("voice espeak-ng/xx-nosuch could not speak its first utterance"), mute.getMessage());
        assertTrue(Files.notExists(out), "nothing written after a failure");
    }
}
