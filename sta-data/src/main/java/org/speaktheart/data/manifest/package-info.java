/**
 * The spoken-caption manifest: JSON lines, one {@link org.speaktheart.data.manifest.ManifestRecord}
 * per utterance, paths relative to the manifest file's directory; read and written by
 * {@link org.speaktheart.data.manifest.ManifestIO}, checked by
 * {@link org.speaktheart.data.manifest.ManifestValidator}.
 */
package org.speaktheart.data.manifest;
