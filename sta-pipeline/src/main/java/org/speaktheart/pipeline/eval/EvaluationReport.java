package org.speaktheart.pipeline.eval;

import java.util.List;

/**
 * Everything an evaluation measured; serialised as {@code report.json} (format {@link #FORMAT_VERSION}).
 *
 * @param formatVersion version of this layout
 * @param bundle bundle source
 * @param manifest manifest file
 * @param split evaluated split
 * @param samples images per input and condition
 * @param seed base seed
 * @param steps sampling steps used
 * @param guidanceScale classifier-free guidance scale of the sampler used
 * @param truncationRate truncation rate of the sampler used
 * @param candidates images generated per evaluated image, the teacher's best kept (1 = no ranking; above 1
 *     the teacher's retrieval figures of generated images are not independent of the generator)
 * @param teacher identity of the teacher (retrieval and Fréchet features)
 * @param judge the judge classifier, or null when none was used
 * @param inception the Inception-v3 network of the standard FID and Inception Score, or null when none was given
 * @param bootstrapResamples B of the intervals
 * @param confidenceLevel level of the intervals
 * @param languages one entry per language
 * @param seconds wall time
 */
public record EvaluationReport(int formatVersion, String bundle, String manifest, String split, int samples, long seed, int steps,
                               double guidanceScale, double truncationRate, int candidates, String teacher, JudgeSummary judge, InceptionSummary inception,
                               int bootstrapResamples, double confidenceLevel,
                               List<LanguageReport> languages, double seconds) {
    /** Version of the JSON layout. */
    public static final int FORMAT_VERSION = 3;

    /** Condition: images generated from speech. */
    public static final String SPEECH = "speech";
    /** Condition: images generated from the teacher's text embedding of the true caption. */
    public static final String TEXT = "text";
    /** Condition: the real test pictures. */
    public static final String REAL = "real";
    /** Condition: the tokenizer's reconstructions of the real pictures. */
    public static final String RECONSTRUCTION = "reconstruction";

    /** The report of one language. */
    public LanguageReport language(String code) {
        return languages.stream().filter(l -> l.language().equals(code)).findFirst()
                .orElseThrow(() -> new EvaluationException("no report for language '" + code + "'; have "
                        + languages.stream().map(LanguageReport::language).toList()));
    }

    /**
     * The judge used.
     *
     * @param file its ONNX file
     * @param concepts its classes
     * @param valAccuracy its accuracy on the held-out style when trained, or null when its metadata has none
     */
    public record JudgeSummary(String file, int concepts, Double valAccuracy) {
    }

    /**
     * The user-supplied Inception-v3 network behind {@code fid} and {@code inceptionScore}.
     *
     * @param file its ONNX file, as given
     * @param sha256 SHA-256 of the file (lower-case hex): which weights produced the numbers
     * @param imageSize side S of its input, pixels
     * @param normalisation pixel scaling ({@code minus-one-one} or {@code imagenet})
     * @param featuresOutput the output read as the 2048-d pool features
     * @param logitsOutput the output read as class logits, or null when the model has none (no Inception Score)
     * @param splits requested Inception Score splits (a condition with fewer images uses fewer; see its report)
     */
    public record InceptionSummary(String file, String sha256, int imageSize, String normalisation, String featuresOutput,
                                   String logitsOutput, int splits) {
    }

    /**
     * Results of one language.
     *
     * @param language language code
     * @param records test records evaluated (inputs)
     * @param concepts candidate concepts of the teacher retrieval (the language's concepts in the manifest)
     * @param shapes whether the records carry exact shapes ground truth (scored with the shapes scorer)
     * @param textSkipped why the text condition was not run, or null when it was
     * @param conditions speech, text (unless skipped), real, reconstruction
     */
    public record LanguageReport(String language, int records, int concepts, boolean shapes, String textSkipped,
                                 List<ConditionReport> conditions) {

        /** A condition by name. */
        public ConditionReport condition(String name) {
            return conditions.stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new EvaluationException("no condition '" + name + "' for language " + language + "; have "
                            + conditions.stream().map(ConditionReport::name).toList()));
        }
    }

    /**
     * Results of one condition.
     *
     * @param name speech, text, real or reconstruction
     * @param images images scored
     * @param metrics accuracies with intervals
     * @param frechet Fréchet distance to the real pictures in teacher feature space (null for real)
     * @param featureDiversity mean pairwise teacher-feature distance among samples of one input (null with 1 sample)
     * @param pixelDiversity mean pairwise RMS pixel distance among samples of one input (null with 1 sample)
     * @param fid standard FID: Fréchet distance to the real pictures in the Inception pool-feature space (null for real,
     *     and without an Inception network)
     * @param inceptionScore mean Inception Score over the splits (null without an Inception network with logits)
     * @param inceptionScoreStd standard deviation of the Inception Score over the splits (null likewise)
     * @param inceptionScoreSplits splits the Inception Score was computed over (null likewise)
     */
    public record ConditionReport(String name, int images, List<Metric> metrics, Double frechet, Double featureDiversity,
                                  Double pixelDiversity, Double fid, Double inceptionScore, Double inceptionScoreStd,
                                  Integer inceptionScoreSplits) {

        /** A metric by name. */
        public Metric metric(String metricName) {
            return metrics.stream().filter(m -> m.name().equals(metricName)).findFirst()
                    .orElseThrow(() -> new EvaluationException("no metric '" + metricName + "' in condition " + name + "; have "
                            + metrics.stream().map(Metric::name).toList()));
        }
    }

    /**
     * One accuracy: the mean over records of each record's fraction of correct samples, with a
     * percentile bootstrap interval over records.
     *
     * @param name e.g. {@code judge.top1}, {@code teacher.top5}, {@code shapes.exact}
     * @param value the accuracy in [0, 1]
     * @param low lower bound of the interval
     * @param high upper bound of the interval
     * @param chance accuracy of a uniform random guess, or null when not defined (attribute fraction)
     */
    public record Metric(String name, double value, double low, double high, Double chance) {
    }
}
