package org.speaktheart.vqvae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VqVaeConfigTest {

    @Test
    void presetsHaveTheDocumentedGrids() {
        VqVaeConfig tiny = VqVaeConfig.tiny();
        assertEquals(64, tiny.imageSize());
        assertEquals(4, tiny.downsampleFactor());
        assertEquals(16, tiny.tokenSide());
        assertEquals(512, tiny.codebookSize());
        VqVaeConfig paper = VqVaeConfig.staPaper();
        assertEquals(256, paper.imageSize());
        assertEquals(16, paper.tokenSide());
        assertEquals(16384, paper.codebookSize());
        assertEquals(512, paper.levelChannels(4));
    }

    @Test
    void jsonRoundTripKeepsEveryField() {
        VqVaeConfig c = VqVaeConfig.tiny().toBuilder().l2NormalizedCodes(true).emaDecay(0f).pixelRange(PixelRange.ZERO_ONE)
                .l2Weight(0.5f).deadCodeThreshold(3f).channelMultipliers(1, 2, 4).build();
        String json = c.toJson();
        assertTrue(json.contains("\"formatVersion\": 1"), json);
        assertEquals(c, VqVaeConfig.fromJson(json));
    }

    @Test
    void invalidFieldsAreNamed() {
        VqVaeException e = assertThrows(VqVaeException.class, () -> VqVaeConfig.builder().groups(5).build());
        assertTrue(e.getMessage().contains("groups 5"), e.getMessage());
        e = assertThrows(VqVaeException.class, () -> VqVaeConfig.builder().imageSize(30).build());
        assertTrue(e.getMessage().contains("imageSize 30"), e.getMessage());
        e = assertThrows(VqVaeException.class, () -> VqVaeConfig.builder().emaDecay(1f).build());
        assertTrue(e.getMessage().startsWith("emaDecay"), e.getMessage());
        e = assertThrows(VqVaeException.class, () -> VqVaeConfig.builder().codebookSize(1).build());
        assertTrue(e.getMessage().startsWith("codebookSize is 1"), e.getMessage());
    }

    @Test
    void unknownFormatVersionAndMissingFieldsAreRejected() {
        String json = VqVaeConfig.tiny().toJson();
        VqVaeException e = assertThrows(VqVaeException.class,
                () -> VqVaeConfig.fromJson(json.replace("\"formatVersion\": 1", "\"formatVersion\": 7")));
        assertTrue(e.getMessage().contains("formatVersion is 7"), e.getMessage());
        e = assertThrows(VqVaeException.class, () -> VqVaeConfig.fromJson("{\"formatVersion\": 1, \"imageSize\": 64}"));
        assertTrue(e.getMessage().startsWith("baseChannels is 0"), e.getMessage());
        assertThrows(VqVaeException.class, () -> VqVaeConfig.fromJson("not json"));
    }
}
