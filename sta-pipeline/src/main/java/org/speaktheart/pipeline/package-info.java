/**
 * Speech to image end to end: {@link org.speaktheart.pipeline.SpeechToImagePipeline} over a verified
 * model bundle ({@link org.speaktheart.pipeline.bundle}, the embedded default in
 * {@link org.speaktheart.pipeline.bundle.DefaultBundle}), with optional spoken-language identification,
 * caption prior ({@link org.speaktheart.pipeline.prior}) and best-of-K candidate ranking by the teacher
 * ({@link org.speaktheart.pipeline.CandidateRanker}); bundles retuned to other run-time defaults
 * ({@link org.speaktheart.pipeline.BundleRetuner}); the {@code sta} command line
 * ({@link org.speaktheart.pipeline.cli}); the training recipes ({@link org.speaktheart.pipeline.recipe});
 * and the evaluation ({@link org.speaktheart.pipeline.eval}). See docs/pipeline.md and docs/evaluation.md.
 */
package org.speaktheart.pipeline;
