/**
 * Speech to image end to end: model bundles, SpeechToImagePipeline, the command line, evaluation.
 *
 * <p>Planned by the sta-pipeline issue; this module holds no code yet.
 */
package org.speaktheart.pipeline;
