package org.speaktheart.core.runtime;

import java.util.Arrays;
import java.util.Objects;
import org.speaktheart.core.onnx.ElementType;

/**
 * A dense host tensor passed to and returned from {@link OnnxModel}: an element type, a shape and
 * row-major data in a Java array ({@code float[]}, {@code long[]}, {@code int[]}, {@code boolean[]}
 * or {@code byte[]} for UINT8). Immutable by convention: the arrays are not copied, so callers must
 * not change them after handing them over.
 */
public final class Tensor {
    private final ElementType type;
    private final long[] shape;
    private final Object data;

    private Tensor(ElementType type, long[] shape, Object data, int length) {
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor dimensions must be >= 0, got shape " + Arrays.toString(shape));
            }
            count *= d;
        }
        if (count != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                    + " elements but the data has " + length);
        }
        this.type = type;
        this.shape = shape.clone();
        this.data = data;
    }

    /** A float32 tensor. */
    public static Tensor ofFloats(float[] data, long... shape) {
        return new Tensor(ElementType.FLOAT, shape, Objects.requireNonNull(data), data.length);
    }

    /** An int64 tensor. */
    public static Tensor ofLongs(long[] data, long... shape) {
        return new Tensor(ElementType.INT64, shape, Objects.requireNonNull(data), data.length);
    }

    /** An int32 tensor. */
    public static Tensor ofInts(int[] data, long... shape) {
        return new Tensor(ElementType.INT32, shape, Objects.requireNonNull(data), data.length);
    }

    /** A boolean tensor. */
    public static Tensor ofBools(boolean[] data, long... shape) {
        return new Tensor(ElementType.BOOL, shape, Objects.requireNonNull(data), data.length);
    }

    /** A uint8 tensor (bytes read as 0..255). */
    public static Tensor ofUint8(byte[] data, long... shape) {
        return new Tensor(ElementType.UINT8, shape, Objects.requireNonNull(data), data.length);
    }

    /** The element type. */
    public ElementType type() {
        return type;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The float32 data. */
    public float[] floats() {
        return (float[]) require(ElementType.FLOAT);
    }

    /** The int64 data. */
    public long[] longs() {
        return (long[]) require(ElementType.INT64);
    }

    /** The int32 data. */
    public int[] ints() {
        return (int[]) require(ElementType.INT32);
    }

    /** The boolean data. */
    public boolean[] bools() {
        return (boolean[]) require(ElementType.BOOL);
    }

    /** The uint8 data. */
    public byte[] uint8() {
        return (byte[]) require(ElementType.UINT8);
    }

    Object data() {
        return data;
    }

    private Object require(ElementType wanted) {
        if (type != wanted) {
            throw new IllegalStateException("tensor holds " + type + ", not " + wanted);
        }
        return data;
    }

    @Override
    public String toString() {
        return "Tensor[" + type + " " + Arrays.toString(shape) + "]";
    }
}
