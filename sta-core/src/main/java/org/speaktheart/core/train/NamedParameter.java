package org.speaktheart.core.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * A block parameter with its hierarchical name from {@link Block#getParameters()} (e.g.
 * {@code 01Linear_weight}); the name is what checkpoints record.
 *
 * @param name      hierarchical name
 * @param parameter the parameter
 */
record NamedParameter(String name, Parameter parameter) {

    /** The block's parameters in its canonical order; each must be initialised. */
    static List<NamedParameter> of(Block block) {
        List<NamedParameter> result = new ArrayList<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter p = pair.getValue();
            if (!p.isInitialized()) {
                throw new TrainingException("parameter " + pair.getKey() + " of the block is not initialised;"
                        + " call block.initialize(...) before training or loading");
            }
            result.add(new NamedParameter(pair.getKey(), p));
        }
        return result;
    }

    boolean trainable() {
        return parameter.requiresGradient();
    }
}
