package org.speaktheart.vqvae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.speaktheart.core.runtime.Tensor;
import org.speaktheart.core.testing.BlockParity;
import org.speaktheart.core.testing.Tolerance;

/** The presets build; the paper topology exports (at reduced widths, so the test stays small). */
class PresetTest {

    @Test
    void staPaperBuildsAtFullWidth() {
        VqVaeConfig c = VqVaeConfig.staPaper();
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            VqVae model = new VqVae(c);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 3, 256, 256));
            long params = 0;
            for (Pair<String, Parameter> p : model.getParameters()) {
                params += p.getValue().getArray().size();
            }
            Shape[] out = model.getOutputShapes(new Shape[] {new Shape(2, 3, 256, 256)});
            assertEquals(new Shape(2, 3, 256, 256), out[0]);
            assertEquals(new Shape(2, 16, 16), out[1]);
            // codebook 16384 x 256 (+ EMA state of the same size) and tens of millions of conv weights
            assertTrue(params > 20_000_000L && params < 120_000_000L, "parameter count " + params);
            System.out.println("staPaper parameters (incl. EMA state): " + params);
        }
    }

    @Test
    void staPaperTopologyExportsAndMatches() {
        // Same levels (5), residual blocks (2 per level) and downsampling (16) as staPaper, narrow widths.
        VqVaeConfig narrow = VqVaeConfig.staPaper().toBuilder().baseChannels(4).groups(2).codeDim(4).codebookSize(32).build();
        assertEquals(16, narrow.downsampleFactor());
        BlockParity.Result enc = BlockParity.run(new VqEncoder(narrow), 5,
                Tensor.ofFloats(BlockParity.gaussian(6, 3 * 256 * 256, 1.0), 1, 3, 256, 256));
        assertArrayEquals(new long[] {1, 4, 16, 16}, enc.shape());
        Tolerance.PARITY.assertClose(enc.djl(), enc.onnx(), "staPaper-topology encoder");
        BlockParity.Result dec = BlockParity.run(new VqDecoder(narrow), 7,
                Tensor.ofFloats(BlockParity.gaussian(8, 4 * 16 * 16, 1.0), 1, 4, 16, 16));
        assertArrayEquals(new long[] {1, 3, 256, 256}, dec.shape());
        Tolerance.PARITY.assertClose(dec.djl(), dec.onnx(), "staPaper-topology decoder");
    }
}
