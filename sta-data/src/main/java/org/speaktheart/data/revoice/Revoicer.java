package org.speaktheart.data.revoice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.speaktheart.data.ProgressListener;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestException;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.tts.ParallelSynthesis;
import org.speaktheart.data.tts.SpeechRequest;
import org.speaktheart.data.tts.SynthesisException;
import org.speaktheart.data.tts.SynthesisJob;
import org.speaktheart.data.tts.TtsEngines;
import org.speaktheart.data.tts.Voice;

/**
 * Speaks a split's utterances again with further voices and writes a manifest holding the source's
 * records unchanged plus one new record per re-spoken utterance.
 *
 * <p>A new record copies its source record (picture, concept, caption, split, attributes, and the
 * {@code speed} and {@code pitch} it was spoken at, when present) and adds the attribute
 * {@code revoicedFrom} = the source id. Its id is {@code <source id>-rv-<voice file-safe id>} and its
 * WAV {@code audio/<language>/revoiced/<new id>.wav}. The choice of utterances (a seeded shuffle of
 * the candidates sorted by id, cut at {@code maxRecords}) and the voices, given in turn along that
 * order, depend only on the seed and the source. A WAV already present is kept, so an interrupted
 * run resumes where it stopped (drivers write WAVs atomically).
 *
 * <p>A voice that already speaks in a split other than the one re-spoken is refused: adding it to
 * training would let training hear a held-out speaker.
 */
public final class Revoicer {
    /** Attribute naming the record a re-spoken record was made from. */
    public static final String REVOICED_FROM = "revoicedFrom";

    private Revoicer() { }

    /**
     * Re-voices with drivers for exactly the configured voices ({@link TtsEngines#offering}).
     *
     * @param source the source manifest
     * @param outFile the manifest to write, in the source's directory (relative paths are shared) and not the source itself
     * @param config what to re-speak
     * @param listener progress, stage {@code "speech"}
     * @return the written manifest
     */
    public static Manifest revoice(Manifest source, Path outFile, RevoiceConfig config, ProgressListener listener) {
        return revoice(source, outFile, config, TtsEngines.offering(config.voices(), config.timeout()), listener);
    }

    /**
     * @param source the source manifest
     * @param outFile the manifest to write, in the source's directory and not the source itself
     * @param config what to re-speak
     * @param engines drivers that offer every configured voice
     * @param listener progress, stage {@code "speech"}
     * @return the written manifest
     * @throws RevoiceException for a leaking voice, nothing to re-speak, or a bad output location
     * @throws SynthesisException when a voice cannot speak (its first utterance is tried alone first) or utterances failed
     */
    public static Manifest revoice(Manifest source, Path outFile, RevoiceConfig config, TtsEngines engines, ProgressListener listener) {
        Path out = outFile.toAbsolutePath().normalize();
        if (!source.directory().equals(out.getParent())) {
            throw new RevoiceException("the re-voiced manifest must be written in the source's directory " + source.directory()
                    + " (its audio paths are relative to it), got " + out);
        }
        if (out.equals(source.file())) {
            throw new RevoiceException("the re-voiced manifest must not replace its source " + source.file() + "; choose another file name");
        }
        refuseLeakingVoices(source, config);
        List<ManifestRecord> chosen = choose(source, config);
        List<ManifestRecord> added = new ArrayList<>(chosen.size());
        List<SynthesisJob> jobs = new ArrayList<>();
        Map<String, SynthesisJob> firstJobPerVoice = new TreeMap<>();
        for (int i = 0; i < chosen.size(); i++) {
            ManifestRecord r = chosen.get(i);
            Voice v = config.voices().get(i % config.voices().size());
            String id = r.id() + "-rv-" + v.fileSafeId();
            String audio = "audio/" + config.language() + "/revoiced/" + id + ".wav";
            double speed = number(r, "speed", 1.0);
            double pitch = number(r, "pitch", 0.0);
            added.add(r.toBuilder().id(id).voice(v.id()).audioPath(audio).attribute(REVOICED_FROM, r.id()).build());
            Path wav = source.resolve(audio);
            if (!Files.isRegularFile(wav)) {
                SynthesisJob job = new SynthesisJob(new SpeechRequest(r.caption(), v, speed, pitch), wav);
                if (firstJobPerVoice.putIfAbsent(v.id(), job) == null) {
                    continue;
                }
                jobs.add(job);
            }
        }
        // Each voice speaks once alone first, so an uninstalled voice fails at once and by name.
        for (Map.Entry<String, SynthesisJob> e : firstJobPerVoice.entrySet()) {
            SynthesisJob job = e.getValue();
            try {
                engines.driverFor(job.request().voice()).synthesize(job.request(), job.output());
            } catch (SynthesisException ex) {
                throw new SynthesisException("voice " + e.getKey() + " could not speak its first utterance (is it installed?): "
                        + ex.getMessage(), ex);
            }
        }
        ParallelSynthesis.run(engines, jobs, config.threads(), listener);
        List<ManifestRecord> all = new ArrayList<>(source.records());
        all.addAll(added);
        return ManifestIO.write(out, all);
    }

    private static void refuseLeakingVoices(Manifest source, RevoiceConfig config) {
        Set<String> wanted = config.voices().stream().map(Voice::id).collect(Collectors.toSet());
        Map<String, Set<String>> elsewhere = new TreeMap<>();
        for (ManifestRecord r : source.records()) {
            if (r.hasAudio() && r.split() != config.split() && wanted.contains(r.voice())) {
                elsewhere.computeIfAbsent(r.voice(), k -> new TreeSet<>()).add(r.split().key());
            }
        }
        if (!elsewhere.isEmpty()) {
            throw new RevoiceException("voices already speaking in another split would be heard in "
                    + config.split().key() + ": " + elsewhere
                    + "; choose voices the source does not use outside that split");
        }
    }

    private static List<ManifestRecord> choose(Manifest source, RevoiceConfig config) {
        List<ManifestRecord> candidates = source.records().stream()
                .filter(r -> r.split() == config.split() && r.language().equals(config.language()) && r.hasAudio()
                        && !r.attributes().containsKey(REVOICED_FROM))
                .sorted(Comparator.comparing(ManifestRecord::id))
                .collect(Collectors.toCollection(ArrayList::new));
        if (candidates.isEmpty()) {
            throw new RevoiceException("no " + config.language() + " utterance with audio in the "
                    + config.split().key() + " split of " + source.file());
        }
        Collections.shuffle(candidates, new Random(config.seed()));
        int n = config.maxRecords() == 0 ? candidates.size() : Math.min(config.maxRecords(), candidates.size());
        return candidates.subList(0, n);
    }

    private static double number(ManifestRecord r, String key, double absent) {
        String v = r.attributes().get(key);
        if (v == null) {
            return absent;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ManifestException(ManifestException.Kind.MALFORMED, "record '" + r.id() + "': attribute " + key
                    + " must be a number, got '" + v + "'");
        }
    }
}
