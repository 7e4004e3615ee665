package org.speaktheart.core.onnx;

/**
 * One dimension of a graph input or output: a fixed size, or a symbolic name such as
 * {@code "batch"} that ONNX Runtime binds at run time.
 *
 * @param size the fixed size (> 0), or -1 when symbolic
 * @param symbol the symbolic name, or null when fixed
 */
public record Dim(long size, String symbol) {

    public Dim {
        if (symbol == null && size <= 0) {
            throw new IllegalArgumentException("a fixed dimension must be > 0, got " + size);
        }
        if (symbol != null && (symbol.isBlank() || size != -1)) {
            throw new IllegalArgumentException("a symbolic dimension needs a non-blank name and size -1");
        }
    }

    /** A fixed dimension. */
    public static Dim of(long size) {
        return new Dim(size, null);
    }

    /** A symbolic dimension bound at run time. */
    public static Dim sym(String name) {
        return new Dim(-1, name);
    }

    /** True when the size is known only at run time. */
    public boolean isSymbolic() {
        return symbol != null;
    }

    @Override
    public String toString() {
        return isSymbolic() ? symbol : Long.toString(size);
    }
}
