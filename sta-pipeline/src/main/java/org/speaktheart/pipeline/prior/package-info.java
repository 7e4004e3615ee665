/**
 * The caption prior: speech embeddings moved onto the part of the teacher's embedding space the
 * generator was trained on, as attention over a memory of training-caption text embeddings.
 */
package org.speaktheart.pipeline.prior;
