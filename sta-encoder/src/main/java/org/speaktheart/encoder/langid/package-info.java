/**
 * Spoken-language identification on top of a trained speech encoder: the encoder's frame sequence,
 * pooled to its per-dimension mean and standard deviation, is classified into the encoder's
 * languages by a linear softmax classifier trained with the DJL harness and run on ONNX Runtime.
 */
package org.speaktheart.encoder.langid;
