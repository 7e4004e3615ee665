package org.speaktheart.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SHA-256 against the standard's test vectors, and a file read in blocks against its bytes. */
class Sha256Test {

    @TempDir
    Path dir;

    @Test
    void standardVectors() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(new byte[0]));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void fileSpanningSeveralBlocksHashesLikeItsBytes() throws IOException {
        byte[] bytes = new byte[(1 << 16) * 3 + 17];
        new java.util.Random(3).nextBytes(bytes);
        Path file = Files.write(dir.resolve("blob"), bytes);
        assertEquals(Sha256.hex(bytes), Sha256.hex(file));
        assertThrows(NoSuchFileException.class, () -> Sha256.hex(dir.resolve("missing")));
    }
}
