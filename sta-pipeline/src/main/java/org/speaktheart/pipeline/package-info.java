/**
 * Speech to image end to end: {@link org.speaktheart.pipeline.SpeechToImagePipeline} over a verified
 * model bundle ({@link org.speaktheart.pipeline.bundle}), the {@code sta} command line
 * ({@link org.speaktheart.pipeline.cli}) and training recipes ({@link org.speaktheart.pipeline.recipe}).
 *
 * <p>Not here yet: the embedded default bundle trained on the emoji corpus, the evaluation reports, and
 * the {@code say}, {@code listen}, {@code train} and {@code evaluate} commands (see docs/pipeline.md).
 */
package org.speaktheart.pipeline;
