/**
 * The teacher-distilled speech encoder: speech to an L2-normalised embedding in the teacher's space,
 * with no transcription. Subpackages: {@code network} (the DJL network, its blocks, its ONNX export),
 * {@code training} (distillation to teacher targets, language adaptation), {@code inference}
 * ({@code SpeechEncoder} on ONNX Runtime, the language registry), {@code eval} (retrieval metrics).
 */
package org.speaktheart.encoder;
