package org.speaktheart.data.shapes;

import java.util.List;

/**
 * Attribute-by-attribute agreement between a wanted scene and the scene read from an image, for
 * scoring generated pictures. Object attributes are compared position by position (first object with
 * first object); when the object counts differ, the missing objects count as wrong on every attribute.
 *
 * @param objectCount whether the number of objects agrees
 * @param background whether the background agrees
 * @param shape objects whose shape agrees
 * @param colour objects whose colour agrees
 * @param size objects whose size agrees
 * @param position objects whose position agrees
 * @param objects number of objects in the wanted scene
 */
public record ShapeMatch(boolean objectCount, boolean background, int shape, int colour, int size, int position, int objects) {

    /**
     * @param wanted the scene the caption asked for
     * @param read the scene {@link ShapesScorer#read} found
     * @return the agreement
     */
    public static ShapeMatch of(ShapeScene wanted, ShapeScene read) {
        List<ShapeObject> w = wanted.objects();
        List<ShapeObject> r = read.objects();
        int shape = 0;
        int colour = 0;
        int size = 0;
        int position = 0;
        for (int i = 0; i < Math.min(w.size(), r.size()); i++) {
            shape += w.get(i).shape() == r.get(i).shape() ? 1 : 0;
            colour += w.get(i).colour() == r.get(i).colour() ? 1 : 0;
            size += w.get(i).size() == r.get(i).size() ? 1 : 0;
            position += w.get(i).position() == r.get(i).position() ? 1 : 0;
        }
        return new ShapeMatch(w.size() == r.size(), wanted.background() == read.background(), shape, colour, size, position, w.size());
    }

    /** @return whether every attribute of every object, the count and the background agree */
    public boolean exact() {
        return objectCount && background && shape == objects && colour == objects && size == objects && position == objects;
    }

    /** @return fraction of the checked attributes that agree: count, background, and four per wanted object, in [0, 1] */
    public double fraction() {
        int total = 2 + 4 * objects;
        int ok = (objectCount ? 1 : 0) + (background ? 1 : 0) + shape + colour + size + position;
        return (double) ok / total;
    }
}
