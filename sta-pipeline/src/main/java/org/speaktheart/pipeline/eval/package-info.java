/**
 * Evaluation of a speech-to-image bundle on a manifest split: semantic fidelity (an independent
 * judge classifier, the teacher's zero-shot retrieval, the exact shapes scorer), the speech/text
 * gap, Fréchet distance in the teacher's image feature space against the tokenizer floor, sample
 * diversity, bootstrap confidence intervals, and the JSON + markdown report.
 */
package org.speaktheart.pipeline.eval;
