package org.speaktheart.data.shapes;

import java.util.List;
import org.speaktheart.data.DataException;

/**
 * A picture of the shapes corpus: one object anywhere, or two objects, the first on the left and
 * the second on the right, on a background colour.
 *
 * @param objects one or two objects
 * @param background background colour
 */
public record ShapeScene(List<ShapeObject> objects, Background background) {
    /** Checks the layout rules. */
    public ShapeScene {
        objects = List.copyOf(objects);
        if (background == null) {
            throw new DataException("background is required");
        }
        if (objects.size() == 2) {
            if (objects.get(0).position() != Position.LEFT || objects.get(1).position() != Position.RIGHT) {
                throw new DataException("a two-object scene needs the first object LEFT and the second RIGHT, got "
                        + objects.get(0).position() + " and " + objects.get(1).position());
            }
        } else if (objects.size() != 1) {
            throw new DataException("a scene holds 1 or 2 objects, got " + objects.size());
        }
    }

    /**
     * @param object the single object
     * @param background background colour
     * @return a one-object scene
     */
    public static ShapeScene of(ShapeObject object, Background background) {
        return new ShapeScene(List.of(object), background);
    }

    /** @return a stable concept id, e.g. {@code large-red-circle-center} or {@code small-red-circle-left+large-blue-star-right}, with {@code @grey} for a non-white background */
    public String conceptId() {
        StringBuilder sb = new StringBuilder();
        for (ShapeObject o : objects) {
            if (sb.length() > 0) {
                sb.append('+');
            }
            sb.append(o.size().name().toLowerCase(java.util.Locale.ROOT)).append('-')
                    .append(o.colour().name().toLowerCase(java.util.Locale.ROOT)).append('-')
                    .append(o.shape().name().toLowerCase(java.util.Locale.ROOT)).append('-')
                    .append(o.position().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (background != Background.WHITE) {
            sb.append('@').append(background.name().toLowerCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }
}
