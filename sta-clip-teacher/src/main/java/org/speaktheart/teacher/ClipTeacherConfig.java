package org.speaktheart.teacher;

import java.nio.file.Path;
import org.speaktheart.core.runtime.RuntimeConfig;

/**
 * Where an external CLIP exported to ONNX lives and how to feed it (see {@link OnnxClipTeacher}
 * for the contract).
 *
 * @param textModel ONNX text graph
 * @param visionModel ONNX vision graph
 * @param tokenizer HuggingFace {@code tokenizer.json} of the text graph (CLIP BPE, or any model type)
 * @param preprocessing image preprocessing; its crop must equal the vision graph's side when that is fixed
 * @param contextLength token positions per text (CLIP: 77); texts are truncated to it and padded up to it
 * @param padTokenId id written into padded positions
 * @param inputIdsName name of the text graph's token input
 * @param attentionMaskName name of the optional mask input (fed only when the text graph declares it)
 * @param textOutputName name of the projected text embedding output
 * @param pixelValuesName name of the vision graph's image input
 * @param imageOutputName name of the projected image embedding output
 * @param batchSize items per model call
 * @param runtime ONNX Runtime options for both graphs
 */
public record ClipTeacherConfig(Path textModel, Path visionModel, Path tokenizer, ImagePreprocessing preprocessing,
                                int contextLength, long padTokenId, String inputIdsName, String attentionMaskName,
                                String textOutputName, String pixelValuesName, String imageOutputName, int batchSize,
                                RuntimeConfig runtime) {

    /** Validates; messages name the field. */
    public ClipTeacherConfig {
        if (textModel == null || visionModel == null || tokenizer == null) {
            throw new TeacherInputException("ClipTeacherConfig.textModel, .visionModel and .tokenizer must be set, got "
                    + textModel + ", " + visionModel + ", " + tokenizer);
        }
        if (preprocessing == null || runtime == null) {
            throw new TeacherInputException("ClipTeacherConfig.preprocessing and .runtime must be set");
        }
        if (contextLength < 2) {
            throw new TeacherInputException("ClipTeacherConfig.contextLength must be >= 2, got " + contextLength);
        }
        if (padTokenId < 0) {
            throw new TeacherInputException("ClipTeacherConfig.padTokenId must be >= 0, got " + padTokenId);
        }
        if (batchSize <= 0) {
            throw new TeacherInputException("ClipTeacherConfig.batchSize must be > 0, got " + batchSize);
        }
        for (String n : new String[] {inputIdsName, attentionMaskName, textOutputName, pixelValuesName, imageOutputName}) {
            if (n == null || n.isBlank()) {
                throw new TeacherInputException("ClipTeacherConfig input/output names must not be blank");
            }
        }
    }

    /** A builder with CLIP's defaults (224 px, 77 tokens, pad 0, HuggingFace export names). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link ClipTeacherConfig}. */
    public static final class Builder {
        private Path textModel;
        private Path visionModel;
        private Path tokenizer;
        private ImagePreprocessing preprocessing = ImagePreprocessing.clip(224);
        private int contextLength = 77;
        private long padTokenId = 0;
        private String inputIdsName = OnnxClipTeacher.INPUT_IDS;
        private String attentionMaskName = OnnxClipTeacher.ATTENTION_MASK;
        private String textOutputName = OnnxClipTeacher.TEXT_EMBEDS;
        private String pixelValuesName = OnnxClipTeacher.PIXEL_VALUES;
        private String imageOutputName = OnnxClipTeacher.IMAGE_EMBEDS;
        private int batchSize = 16;
        private RuntimeConfig runtime = RuntimeConfig.defaults();

        private Builder() {
        }

        /** Text graph file (required). */
        public Builder textModel(Path v) {
            textModel = v;
            return this;
        }

        /** Vision graph file (required). */
        public Builder visionModel(Path v) {
            visionModel = v;
            return this;
        }

        /** tokenizer.json (required). */
        public Builder tokenizer(Path v) {
            tokenizer = v;
            return this;
        }

        /** Image preprocessing. */
        public Builder preprocessing(ImagePreprocessing v) {
            preprocessing = v;
            return this;
        }

        /** Token positions per text. */
        public Builder contextLength(int v) {
            contextLength = v;
            return this;
        }

        /** Padding id. */
        public Builder padTokenId(long v) {
            padTokenId = v;
            return this;
        }

        /** Graph names: token input, mask input, text output, pixel input, image output. */
        public Builder names(String inputIds, String attentionMask, String textOutput, String pixelValues, String imageOutput) {
            inputIdsName = inputIds;
            attentionMaskName = attentionMask;
            textOutputName = textOutput;
            pixelValuesName = pixelValues;
            imageOutputName = imageOutput;
            return this;
        }

        /** Items per model call. */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** ONNX Runtime options. */
        public Builder runtime(RuntimeConfig v) {
            runtime = v;
            return this;
        }

        /** Validates and builds. */
        public ClipTeacherConfig build() {
            return new ClipTeacherConfig(textModel, visionModel, tokenizer, preprocessing, contextLength, padTokenId,
                    inputIdsName, attentionMaskName, textOutputName, pixelValuesName, imageOutputName, batchSize, runtime);
        }
    }
}
