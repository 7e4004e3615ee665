package org.speaktheart.core.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;

/** A node attribute for {@link OnnxGraphBuilder}: {@code Attr.i("axis", -1)}, {@code Attr.ints("perm", 0, 2, 1)}. */
public final class Attr {
    private final OnnxMl.AttributeProto proto;

    private Attr(OnnxMl.AttributeProto proto) {
        this.proto = proto;
    }

    /** An integer attribute. */
    public static Attr i(String name, long value) {
        return new Attr(OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build());
    }

    /** A float attribute. */
    public static Attr f(String name, float value) {
        return new Attr(OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(value).build());
    }

    /** A string attribute. */
    public static Attr s(String name, String value) {
        return new Attr(OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build());
    }

    /** A list-of-integers attribute. */
    public static Attr ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder b = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return new Attr(b.build());
    }

    /** A list-of-floats attribute. */
    public static Attr floats(String name, float... values) {
        OnnxMl.AttributeProto.Builder b = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.FLOATS);
        for (float v : values) {
            b.addFloats(v);
        }
        return new Attr(b.build());
    }

    OnnxMl.AttributeProto proto() {
        return proto;
    }
}
