/**
 * File helpers shared by every module: atomic writes of models, checkpoints, manifests and bundles.
 */
package org.speaktheart.core.io;
