package org.speaktheart.core.train;

import ai.djl.ndarray.NDList;

/**
 * A checkpoint read back from disk: its header and its arrays, allocated in the manager given to
 * {@link CheckpointStore#read}. Closing it frees the arrays.
 *
 * @param header           the parsed, version-checked header
 * @param parameters       every block parameter, in header order
 * @param optimizerMoments AdamW first moments then second moments of the trainable parameters
 * @param ema              EMA weights of the trainable parameters, or an empty list when EMA was off
 */
public record Checkpoint(CheckpointHeader header, NDList parameters, NDList optimizerMoments, NDList ema)
        implements AutoCloseable {

    @Override
    public void close() {
        try {
            parameters.close();
        } finally {
            try {
                optimizerMoments.close();
            } finally {
                ema.close();
            }
        }
    }
}
