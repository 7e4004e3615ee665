package org.speaktheart.encoder.training;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.encoder.EncoderInputException;

/**
 * Spoken captions with their teacher targets, decoded into memory: item i has a clip, a language,
 * the index of its image (items of the same picture share it, so a batch can avoid duplicate
 * positives) and its two target vectors.
 *
 * @param clips decoded audio per item
 * @param records the manifest records, same order
 * @param imageIndex image index per item (0..imageCount-1)
 * @param imageTargets teacher image embedding per image index
 * @param textTargets teacher English-caption embedding per item
 */
public record DistillationData(List<AudioClip> clips, List<ManifestRecord> records, int[] imageIndex,
                               float[][] imageTargets, float[][] textTargets) {

    /** Items. */
    public int size() {
        return clips.size();
    }

    /** Distinct images. */
    public int imageCount() {
        return imageTargets.length;
    }

    /** Target dimension. */
    public int dim() {
        return imageTargets[0].length;
    }

    /**
     * The records of one split in the given languages (null = every split), with audio, decoded.
     *
     * @throws EncoderInputException when nothing matches or a target is missing
     */
    public static DistillationData fromManifest(Manifest manifest, Split split, Set<String> languages,
                                                TeacherTargets targets) {
        return fromSplits(manifest, split == null ? EnumSet.allOf(Split.class) : EnumSet.of(split), languages, targets);
    }

    /**
     * The records of several splits (in manifest order) in the given languages, with audio, decoded.
     *
     * @throws EncoderInputException when nothing matches or a target is missing
     */
    public static DistillationData fromSplits(Manifest manifest, Set<Split> splits, Set<String> languages,
                                                TeacherTargets targets) {
        List<ManifestRecord> chosen = new ArrayList<>();
        for (ManifestRecord r : manifest.records()) {
            if (splits.contains(r.split()) && r.hasAudio() && languages.contains(r.language())) {
                chosen.add(r);
            }
        }
        if (chosen.isEmpty()) {
            throw new EncoderInputException("manifest " + manifest.file() + " has no records with audio in splits "
                    + splits + " and languages " + languages);
        }
        AudioDecoder decoder = AudioDecoder.standard();
        List<AudioClip> clips = new ArrayList<>();
        for (ManifestRecord r : chosen) {
            clips.add(decoder.decode(manifest.resolve(r.audioPath())));
        }
        return of(clips, chosen, targets);
    }

    /** Pairs clips with records and looks up their targets. */
    public static DistillationData of(List<AudioClip> clips, List<ManifestRecord> records, TeacherTargets targets) {
        if (clips.size() != records.size() || clips.isEmpty()) {
            throw new EncoderInputException("need one clip per record and at least one, got " + clips.size() + " clips for "
                    + records.size() + " records");
        }
        Map<String, Integer> images = new LinkedHashMap<>();
        int[] index = new int[records.size()];
        float[][] text = new float[records.size()][];
        for (int i = 0; i < records.size(); i++) {
            ManifestRecord r = records.get(i);
            index[i] = images.computeIfAbsent(r.imagePath(), k -> images.size());
            text[i] = targets.englishText(r);
        }
        float[][] imageTargets = new float[images.size()][];
        for (ManifestRecord r : records) {
            imageTargets[images.get(r.imagePath())] = targets.image(r);
        }
        return new DistillationData(List.copyOf(clips), List.copyOf(records), index, imageTargets, text);
    }
}
