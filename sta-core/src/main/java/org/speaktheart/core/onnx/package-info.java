/**
 * Writing ONNX: a typed graph builder over the ONNX protobuf classes, element types and dimensions, model metadata (provenance in metadata_props), and the export half of every block (OnnxExportable).
 */
package org.speaktheart.core.onnx;
