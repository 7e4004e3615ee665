package org.speaktheart.core.train;

import java.util.Map;

/**
 * The host-side figures of one finished step, as written to the metrics file and shown in progress output.
 *
 * @param step      0-based step index
 * @param loss      training loss
 * @param lr        learning rate used
 * @param gradNorm  global L2 gradient norm before clipping
 * @param clipScale factor the gradients were multiplied by (1 when not clipped)
 * @param metrics   task metrics by name
 */
record StepRecord(long step, double loss, double lr, double gradNorm, double clipScale, Map<String, Double> metrics) {
}
