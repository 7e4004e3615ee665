package org.speaktheart.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DefaultModelsTest {

    @Test
    void everyIndexedSampleIsAPcmWaveOnTheClasspath() throws IOException {
        List<DefaultModels.Sample> samples = DefaultModels.samples();
        Set<String> languages = samples.stream().map(DefaultModels.Sample::language).collect(Collectors.toSet());
        assertEquals(Set.of("en", "ar"), languages, "English and Arabic samples are bundled");
        for (DefaultModels.Sample s : samples) {
            assertTrue(!s.caption().isBlank() && !s.voice().isBlank() && s.conceptId().matches("[0-9A-F-]+"), s.toString());
            try (InputStream in = s.open()) {
                byte[] head = in.readNBytes(12);
                assertArrayEquals("RIFF".getBytes(), java.util.Arrays.copyOfRange(head, 0, 4), s.file());
                assertArrayEquals("WAVE".getBytes(), java.util.Arrays.copyOfRange(head, 8, 12), s.file());
            }
        }
    }

    @Test
    void theBundleManifestIsOnTheClasspath() {
        assertNotNull(DefaultModels.class.getResource(DefaultModels.BUNDLE + "/bundle.json"));
    }
}
