package org.speaktheart.core.runtime;

import java.util.Objects;

/**
 * How {@link OnnxModel} runs a model: the execution provider, whether a missing GPU may fall back
 * to the CPU, and the thread pools. Build with {@link #builder()}; {@link #defaults()} is the CPU
 * provider with ONNX Runtime's own thread choice.
 *
 * @param provider the execution provider asked for
 * @param deviceId GPU ordinal for CUDA (>= 0; ignored on CPU)
 * @param allowCpuFallback when the provider is unavailable: true logs a warning and runs on CPU,
 *     false fails with {@link ExecutionProviderUnavailableException}
 * @param intraOpThreads threads inside one operator (0 = ONNX Runtime's default, one per core)
 * @param interOpThreads threads across independent operators (0 = default)
 * @param optimization graph optimisation level
 */
public record RuntimeConfig(ExecutionProvider provider, int deviceId, boolean allowCpuFallback,
                            int intraOpThreads, int interOpThreads, Optimization optimization) {

    /** Graph optimisation levels (ONNX Runtime's). */
    public enum Optimization {
        /** No graph rewrites: useful when comparing with another engine node by node. */
        NONE,
        /** Constant folding and redundant node removal. */
        BASIC,
        /** Plus node fusions. */
        EXTENDED,
        /** Everything, including layout changes. */
        ALL
    }

    public RuntimeConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(optimization, "optimization");
        if (deviceId < 0) {
            throw new IllegalArgumentException("deviceId must be >= 0, got " + deviceId);
        }
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0 (0 = default), got intraOpThreads="
                    + intraOpThreads + " interOpThreads=" + interOpThreads);
        }
    }

    /** CPU, default threads, all optimisations. */
    public static RuntimeConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link RuntimeConfig}. */
    public static final class Builder {
        private ExecutionProvider provider = ExecutionProvider.CPU;
        private int deviceId;
        private boolean allowCpuFallback;
        private int intraOpThreads;
        private int interOpThreads;
        private Optimization optimization = Optimization.ALL;

        private Builder() {
        }

        /** The execution provider (default CPU). */
        public Builder provider(ExecutionProvider value) {
            this.provider = value;
            return this;
        }

        /** The GPU ordinal for CUDA (default 0). */
        public Builder deviceId(int value) {
            this.deviceId = value;
            return this;
        }

        /** Allow running on CPU when the provider is unavailable (default false). */
        public Builder allowCpuFallback(boolean value) {
            this.allowCpuFallback = value;
            return this;
        }

        /** Intra-op threads (default 0 = ONNX Runtime's choice). */
        public Builder intraOpThreads(int value) {
            this.intraOpThreads = value;
            return this;
        }

        /** Inter-op threads (default 0 = ONNX Runtime's choice). */
        public Builder interOpThreads(int value) {
            this.interOpThreads = value;
            return this;
        }

        /** Graph optimisation level (default ALL). */
        public Builder optimization(Optimization value) {
            this.optimization = value;
            return this;
        }

        /** The validated configuration. */
        public RuntimeConfig build() {
            return new RuntimeConfig(provider, deviceId, allowCpuFallback, intraOpThreads, interOpThreads, optimization);
        }
    }
}
