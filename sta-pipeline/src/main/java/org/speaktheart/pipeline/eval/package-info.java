/**
 * Evaluation of a speech-to-image bundle on a manifest split: semantic fidelity (an independent
 * judge classifier, the teacher's zero-shot retrieval, the exact shapes scorer), the speech/text
 * gap, Fréchet distance in the teacher's image feature space against the tokenizer floor, sample
 * diversity, bootstrap confidence intervals, and the JSON + markdown report. With an Inception-v3
 * ONNX supplied by the user ({@link org.speaktheart.pipeline.eval.InceptionNetwork}), also the
 * standard FID and the Inception Score.
 */
package org.speaktheart.pipeline.eval;
