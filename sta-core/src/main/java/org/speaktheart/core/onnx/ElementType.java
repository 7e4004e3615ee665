package org.speaktheart.core.onnx;

import ai.onnx.proto.OnnxMl;

/** Tensor element types that STA graphs use, with their ONNX codes. */
public enum ElementType {
    /** 32-bit IEEE float. */
    FLOAT(OnnxMl.TensorProto.DataType.FLOAT),
    /** 64-bit signed integer (ONNX's type for indices and shapes). */
    INT64(OnnxMl.TensorProto.DataType.INT64),
    /** 32-bit signed integer. */
    INT32(OnnxMl.TensorProto.DataType.INT32),
    /** Boolean (one byte per element). */
    BOOL(OnnxMl.TensorProto.DataType.BOOL),
    /** Unsigned byte (pixels). */
    UINT8(OnnxMl.TensorProto.DataType.UINT8);

    private final OnnxMl.TensorProto.DataType onnx;

    ElementType(OnnxMl.TensorProto.DataType onnx) {
        this.onnx = onnx;
    }

    /** The ONNX data type code. */
    public int onnxCode() {
        return onnx.getNumber();
    }
}
