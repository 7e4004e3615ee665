package org.speaktheart.encoder.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.encoder.training.DistillationData;

/** The speech -> caption gallery: one unit vector per picture, the mean of its items' caption embeddings. */
class CaptionGalleryTest {

    @Test
    void galleryIsTheUnitMeanOfEachPicturesCaptionEmbeddings() {
        // Items 0 and 2 show picture 0, item 1 picture 1; 2-D caption embeddings.
        float[][] text = {{1, 0}, {0.6f, 0.8f}, {0, 1}};
        AudioClip clip = AudioClip.of(new float[160], 16000);
        DistillationData data = new DistillationData(List.of(clip, clip, clip), List.<ManifestRecord>of(), new int[] {0, 1, 0},
                new float[][] {{1, 0}, {0, 1}}, text);
        float[][] gallery = EncoderEvaluation.captionGallery(data);
        assertEquals(2, gallery.length);
        double h = Math.sqrt(0.5);
        Tolerance.FLOAT.assertClose(new float[] {(float) h, (float) h}, gallery[0], "picture 0: (1,0)+(0,1) normalised");
        Tolerance.FLOAT.assertClose(new float[] {0.6f, 0.8f}, gallery[1], "picture 1: its one caption");
        // Speech near item 2's caption ranks picture 0 first; speech near (0.6, 0.8) ranks picture 1 first.
        RetrievalResult r = Retrieval.recall(new float[][] {{0.1f, 0.99f}, {0.6f, 0.8f}}, new int[] {0, 1}, gallery);
        assertEquals(0.5, r.r1(), 1e-12);
    }
}
