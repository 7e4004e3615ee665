/**
 * Model bundles: a manifest plus ONNX files, each verified against its SHA-256 at load; written atomically.
 */
package org.speaktheart.pipeline.bundle;
