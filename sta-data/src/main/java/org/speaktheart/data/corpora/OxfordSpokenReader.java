package org.speaktheart.data.corpora;

import java.nio.file.Path;
import java.util.List;
import org.speaktheart.data.manifest.ManifestRecord;

/**
 * Reads Oxford-102 flowers with the spoken captions used by S2IGAN and STA into manifest records.
 *
 * <p>Obtain: the Oxford-102 images from the Oxford Visual Geometry Group's flowers page; the
 * StackGAN "flowers" metadata (train/test {@code filenames.pickle}, {@code text/}) from the
 * StackGAN project; the spoken captions from the S2IGAN project page. Arrange them as
 * {@code flowers/Oxford102/images/<key>.jpg}, {@code flowers/Oxford102/audio/<key>/*.wav},
 * {@code flowers/train}, {@code flowers/test}, {@code flowers/text} (see {@link S2iganLayout}).
 */
public final class OxfordSpokenReader {
    private OxfordSpokenReader() { }

    /**
     * @param flowersDir the {@code flowers} directory
     * @param manifestDir where the manifest will be written (must contain {@code flowersDir})
     * @return records of the train and test splits, language {@code en}, concept = class folder
     */
    public static List<ManifestRecord> read(Path flowersDir, Path manifestDir) {
        return S2iganLayout.read(flowersDir, "Oxford102", "oxford102", manifestDir);
    }
}
