package org.speaktheart.core.runtime;

import java.util.Arrays;
import org.speaktheart.core.onnx.ElementType;

/**
 * What a model declares for one input or output: its name, element type and shape, where -1 marks a
 * dimension bound at run time (its symbolic name, if any, is in {@code dimNames}).
 *
 * @param name the value's name
 * @param type the element type, or null when it is one STA does not exchange (e.g. float16)
 * @param onnxType ONNX Runtime's name for the element type, for messages
 * @param shape declared dimensions, -1 where symbolic
 * @param dimNames symbolic names per dimension ("" where fixed or unnamed)
 */
public record InputSpec(String name, ElementType type, String onnxType, long[] shape, String[] dimNames) {

    public InputSpec {
        shape = shape.clone();
        dimNames = dimNames.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public String[] dimNames() {
        return dimNames.clone();
    }

    /** The shape as people write it, e.g. {@code [batch, 16, 64]}. */
    public String describeShape() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i] >= 0 ? Long.toString(shape[i]) : dimNames[i].isEmpty() ? "?" : dimNames[i]);
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec s && s.name.equals(name) && s.onnxType.equals(onnxType)
                && Arrays.equals(s.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + ": " + onnxType + " " + describeShape();
    }
}
