package org.speaktheart.data.corpora;

import java.nio.file.Path;
import java.util.List;
import org.speaktheart.data.manifest.ManifestRecord;

/**
 * Reads CUB-200-2011 with the spoken captions used by S2IGAN and STA into manifest records.
 *
 * <p>Obtain: the CUB-200-2011 images from Caltech's Visipedia page; the StackGAN "birds" metadata
 * (train/test {@code filenames.pickle} and {@code text/}) from the StackGAN/AttnGAN projects; the
 * spoken captions from the S2IGAN project page. Arrange them as {@code birds/CUB_200_2011/images},
 * {@code birds/CUB_200_2011/audio/<key>/*.wav}, {@code birds/train}, {@code birds/test},
 * {@code birds/text} (see {@link S2iganLayout}).
 */
public final class CubSpokenReader {
    private CubSpokenReader() { }

    /**
     * @param birdsDir the {@code birds} directory
     * @param manifestDir where the manifest will be written (must contain {@code birdsDir})
     * @return records of the train and test splits, language {@code en}, concept = bird class folder
     */
    public static List<ManifestRecord> read(Path birdsDir, Path manifestDir) {
        return S2iganLayout.read(birdsDir, "CUB_200_2011", "cub", manifestDir);
    }
}
