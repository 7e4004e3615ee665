/**
 * Log-mel features: the serialisable definition ({@link org.speaktheart.audio.features.LogMelConfig}),
 * the filterbank ({@link org.speaktheart.audio.features.MelFilterbank}) and the extractor
 * ({@link org.speaktheart.audio.features.LogMelExtractor}) with its padded batch form
 * ({@link org.speaktheart.audio.features.LogMelBatch}).
 */
package org.speaktheart.audio.features;
