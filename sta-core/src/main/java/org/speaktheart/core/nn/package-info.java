/**
 * Network blocks that exist once for training (a DJL forward pass) and once for inference (ONNX nodes written by toOnnx), each parity-tested; see docs/architecture.md for adding one.
 */
package org.speaktheart.core.nn;
