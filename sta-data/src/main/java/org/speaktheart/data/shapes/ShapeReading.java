package org.speaktheart.data.shapes;

/**
 * What {@link ShapesScorer} read from an image.
 *
 * @param scene the best-matching scene
 * @param iou intersection over union between the image's foreground mask and the scene's rendered
 *     masks, in [0, 1]; low values mean the picture does not look like any shapes scene
 */
public record ShapeReading(ShapeScene scene, double iou) {
}
