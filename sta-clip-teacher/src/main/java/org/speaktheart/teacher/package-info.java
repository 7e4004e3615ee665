/**
 * The image-text teacher whose embeddings supervise the speech encoder.
 *
 * <p>{@link org.speaktheart.teacher.ImageTextTeacher} is the contract: texts and images to
 * L2-normalised vectors in one shared space. Two implementations exist:
 * {@link org.speaktheart.teacher.LockedTextTeacher}, the default that works offline (the frozen
 * sentence encoder all-MiniLM-L6-v2 as text tower, {@link org.speaktheart.teacher.MiniLmTextEncoder},
 * and an image tower trained by this module, {@link org.speaktheart.teacher.ImageTower}, with
 * {@link org.speaktheart.teacher.ImageTowerTrainer}), and
 * {@link org.speaktheart.teacher.OnnxClipTeacher}, which loads a CLIP exported to ONNX.
 * {@link org.speaktheart.teacher.OnnxImageTower} runs a trained image tower alone (the pipeline ranks
 * candidate images with it).
 * {@link org.speaktheart.teacher.EmbeddingCache} stores a dataset's embeddings on disk and
 * {@link org.speaktheart.teacher.ZeroShotRetrieval} measures a teacher by retrieval.
 */
package org.speaktheart.teacher;
