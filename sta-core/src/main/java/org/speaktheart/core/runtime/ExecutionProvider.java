package org.speaktheart.core.runtime;

/** Where ONNX Runtime executes a model. */
public enum ExecutionProvider {
    /** The default CPU provider, always available. */
    CPU,
    /**
     * NVIDIA CUDA. Needs the {@code onnxruntime_gpu} artifact (Maven profile {@code cuda}), a CUDA
     * driver and a GPU; otherwise loading fails with {@link ExecutionProviderUnavailableException}
     * unless CPU fallback was allowed in {@link RuntimeConfig}.
     */
    CUDA
}
