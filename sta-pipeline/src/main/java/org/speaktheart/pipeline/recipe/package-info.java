/**
 * Training recipes that run the whole chain: dataset, tokenizer, encoder, denoiser, bundle, generation.
 */
package org.speaktheart.pipeline.recipe;
