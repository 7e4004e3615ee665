package org.speaktheart.data.shapes;

import java.util.Objects;

/**
 * One drawn object.
 *
 * @param shape the shape
 * @param colour fill colour
 * @param size size class
 * @param position where its centre lies
 */
public record ShapeObject(ShapeKind shape, ShapeColour colour, ShapeSize size, Position position) {
    /** Rejects nulls. */
    public ShapeObject {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(position, "position");
    }
}
