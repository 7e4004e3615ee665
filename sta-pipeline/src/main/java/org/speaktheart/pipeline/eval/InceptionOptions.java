package org.speaktheart.pipeline.eval;

import org.speaktheart.pipeline.eval.InceptionPreprocessing.Normalisation;

/**
 * How a user-supplied Inception-v3 ONNX is read by {@link InceptionNetwork#load}.
 *
 * @param normalisation pixel scaling the network was trained with (default {@link Normalisation#MINUS_ONE_ONE})
 * @param featuresOutput name of the output holding the 2048-d pool features, or null to find the one
 *     output of that width (needed when several outputs are 2048 wide)
 * @param logitsOutput name of the output holding the class logits, or null to find the one output
 *     1000 or 1008 wide (needed when several are)
 */
public record InceptionOptions(Normalisation normalisation, String featuresOutput, String logitsOutput) {

    /** Validates: a normalisation is set; names, when given, are not blank. */
    public InceptionOptions {
        if (normalisation == null) {
            throw new EvaluationException("InceptionOptions.normalisation must be set (minus-one-one or imagenet)");
        }
        if (featuresOutput != null && featuresOutput.isBlank()) {
            throw new EvaluationException("InceptionOptions.featuresOutput must be an output name or null (find it), got a blank name");
        }
        if (logitsOutput != null && logitsOutput.isBlank()) {
            throw new EvaluationException("InceptionOptions.logitsOutput must be an output name or null (find it), got a blank name");
        }
    }

    /** Pixels on [-1, 1], both outputs found by their widths. */
    public static InceptionOptions defaults() {
        return builder().build();
    }

    /** A builder with the defaults of {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link InceptionOptions}. */
    public static final class Builder {
        private Normalisation normalisation = Normalisation.MINUS_ONE_ONE;
        private String featuresOutput;
        private String logitsOutput;

        private Builder() {
        }

        /** Pixel scaling. */
        public Builder normalisation(Normalisation v) {
            normalisation = v;
            return this;
        }

        /** Name of the pool-features output (null = find by width). */
        public Builder featuresOutput(String v) {
            featuresOutput = v;
            return this;
        }

        /** Name of the logits output (null = find by width). */
        public Builder logitsOutput(String v) {
            logitsOutput = v;
            return this;
        }

        /** Validates and builds. */
        public InceptionOptions build() {
            return new InceptionOptions(normalisation, featuresOutput, logitsOutput);
        }
    }
}
