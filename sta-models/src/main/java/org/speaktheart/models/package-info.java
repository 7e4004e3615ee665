/**
 * The embedded default model bundle and bundled audio samples (classpath resources only; no code
 * runs from them). See {@link org.speaktheart.models.DefaultModels}.
 */
package org.speaktheart.models;
