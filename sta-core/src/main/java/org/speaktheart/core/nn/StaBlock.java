package org.speaktheart.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import org.speaktheart.core.onnx.OnnxExportable;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Base of the STA network blocks: a DJL block (training, PyTorch engine) that can also write
 * itself as ONNX nodes (inference). Every parameter has a fixed shape from construction, so a block
 * initialises without a dry run; subclasses implement the DJL forward and
 * {@link #toOnnx(OnnxGraphBuilder, String, String...)} side by side.
 */
public abstract class StaBlock extends AbstractBlock implements OnnxExportable {

    /** Version of the saved block layout. */
    protected static final byte VERSION = 1;

    /** Starts a block at the current layout version. */
    protected StaBlock() {
        super(VERSION);
    }

    /** Declares a parameter with a fixed shape and initializer. */
    protected final Parameter parameter(String name, Parameter.Type type, Initializer init, long... shape) {
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(new Shape(shape))
                .optInitializer(init).build());
    }

    /** The parameter's current value for this forward pass. */
    protected static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        return ps.getValue(p, like.getDevice(), training);
    }

    /**
     * Moves an intermediate computed from a parameter (whose results belong to the model's
     * long-lived manager) to the manager of the step's input, so that closing the per-step
     * manager frees it instead of leaking it into the model.
     */
    protected static NDArray onManagerOf(NDArray derived, NDArray like) {
        derived.attach(like.getManager());
        return derived;
    }

    /** Runs a child block on one array and returns its single output. */
    protected static NDArray run(Block child, ParameterStore ps, boolean training, NDArray... inputs) {
        return child.forward(ps, new NDList(inputs), training).singletonOrThrow();
    }

    /** Dropout while training (rate in [0, 1)); the identity at inference, which is why export ignores it. */
    protected static NDArray dropout(NDArray h, float rate, boolean training) {
        return training && rate > 0 ? ai.djl.nn.norm.Dropout.dropout(h, rate, true).singletonOrThrow() : h;
    }

    /** Writes a parameter as a graph initializer named {@code prefix.name}. */
    protected static String export(OnnxGraphBuilder g, String prefix, Parameter p) {
        return g.initializer(prefix + "." + p.getName(), p.getArray());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // Parameter shapes are fixed at construction, so children need no shape inference.
        for (Block child : children.values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    /** The first input's shape with the last axis replaced. */
    protected static Shape[] lastAxis(Shape[] inputShapes, long size) {
        long[] s = inputShapes[0].getShape().clone();
        s[s.length - 1] = size;
        return new Shape[] {new Shape(s)};
    }
}
