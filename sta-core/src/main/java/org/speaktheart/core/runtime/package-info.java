/**
 * Running ONNX models in ONNX Runtime: OnnxModel (load from path, bytes or classpath; inputs checked against the declared names, types and shapes; concurrent runs), RuntimeConfig (execution provider, threads), host tensors and the typed errors.
 */
package org.speaktheart.core.runtime;
