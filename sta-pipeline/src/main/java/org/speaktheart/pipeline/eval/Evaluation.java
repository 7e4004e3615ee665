package org.speaktheart.pipeline.eval;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.AudioException;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.shapes.ShapeScene;
import org.speaktheart.data.shapes.ShapesCorpus;
import org.speaktheart.data.shapes.ShapesScorer;
import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.pipeline.PipelineInputException;
import org.speaktheart.pipeline.SpeechToImagePipeline;
import org.speaktheart.pipeline.bundle.ModelBundle;
import org.speaktheart.pipeline.eval.EvaluationReport.ConditionReport;
import org.speaktheart.pipeline.eval.EvaluationReport.LanguageReport;
import org.speaktheart.pipeline.eval.EvaluationReport.Metric;
import org.speaktheart.teacher.Embeddings;
import org.speaktheart.teacher.ImageTextTeacher;
import org.speaktheart.vqvae.ImageTokenizer;

/**
 * Evaluates a speech-to-image pipeline on a manifest split, per language.
 *
 * <ul>
 * <li><b>Semantic fidelity</b> of images generated from each record's speech: top-1/top-5 concept
 *   accuracy by the independent {@link JudgeClassifier} (when given) and by the teacher's
 *   image -> concept zero-shot retrieval over all the language's concepts (each concept's text
 *   embedding is the normalised mean over its distinct captions in the teacher's language,
 *   {@link EvaluationConfig#teacherLanguage()}, when the manifest has them, else in the record's
 *   language); for records with shapes ground
 *   truth, exact-scene and attribute accuracy read by {@link ShapesScorer}.</li>
 * <li><b>The speech/text gap</b>: the same generator conditioned on the teacher's text embedding of
 *   the record's true caption (for another language, the concept's first caption in
 *   the teacher's language in manifest order, when there is one; same seeds), same metrics.
 *   Skipped, with the reason in the report,
 *   when the teacher's embedding width differs from the generator's condition width.</li>
 * <li><b>Image quality</b>: Fréchet distance between the generated images and the real pictures in
 *   the teacher's image feature space; the floor is the distance of the tokenizer's own
 *   reconstructions of the real pictures. With a user-supplied {@link InceptionNetwork}, also the
 *   standard FID (the same distance in its 2048-d pool-feature space) and the Inception Score of
 *   every condition (real pictures included, as the reference).</li>
 * <li><b>Diversity</b> among the samples of one input (with 2 or more samples).</li>
 * </ul>
 * Real pictures and reconstructions are scored with the same judges as references. Every accuracy
 * carries a seeded percentile bootstrap interval over records.
 *
 * <p>The evaluation owns none of its inputs: the caller closes the pipeline, teacher, judge and
 * Inception network.
 */
public final class Evaluation {
    private final SpeechToImagePipeline pipeline;
    private final ImageTextTeacher teacher;
    private final JudgeClassifier judge;
    private final InceptionNetwork inception;

    /**
     * An evaluation without an Inception network (no standard FID or Inception Score).
     *
     * @param pipeline the generator under test
     * @param teacher the teacher (retrieval, Fréchet features, text condition)
     * @param judge the judge classifier, or null to use the teacher (and the shapes scorer) only
     */
    public Evaluation(SpeechToImagePipeline pipeline, ImageTextTeacher teacher, JudgeClassifier judge) {
        this(pipeline, teacher, judge, null);
    }

    /**
     * @param pipeline the generator under test
     * @param teacher the teacher (retrieval, Fréchet features, text condition)
     * @param judge the judge classifier, or null to use the teacher (and the shapes scorer) only
     * @param inception a user-supplied Inception-v3 network for the standard FID and Inception Score, or null for none
     */
    public Evaluation(SpeechToImagePipeline pipeline, ImageTextTeacher teacher, JudgeClassifier judge, InceptionNetwork inception) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.teacher = Objects.requireNonNull(teacher, "teacher");
        this.judge = judge;
        this.inception = inception;
    }

    /**
     * Runs the evaluation.
     *
     * @param manifest the corpus; its pictures and audio must exist
     * @param config settings
     * @param log receives progress lines
     * @return the report and the images of the grids
     * @throws EvaluationException for a missing split or language, missing audio or pictures, or a
     *     judge that does not know the test concepts
     */
    public EvaluationResult evaluate(Manifest manifest, EvaluationConfig config, Consumer<String> log) {
        long start = System.nanoTime();
        ManifestImages images = new ManifestImages(manifest);
        List<ManifestRecord> split = images.split(config.split());
        List<String> languages = languages(split, config);
        SamplerConfig sampler = config.sampler() == null ? pipeline.defaultSampler() : config.sampler();
        int candidates = config.candidates() == 0 ? pipeline.defaultCandidates() : config.candidates();
        if (candidates > 1 && !pipeline.ranksCandidates()) {
            throw new EvaluationException("cannot evaluate with " + candidates + " candidates per image: bundle "
                    + pipeline.bundle().source() + " has no image tower to rank them (teacher or ranker)");
        }
        List<LanguageReport> reports = new ArrayList<>();
        Map<String, List<GridRow>> grids = new LinkedHashMap<>();
        ModelBundle bundle = pipeline.bundle();
        // Generation is deterministic in (condition, seed): a language whose text condition repeats another
        // language's (the teacher reads only English captions) reuses those images instead of sampling again.
        Map<String, List<BufferedImage>> generated = new ConcurrentHashMap<>();
        try (ImageTokenizer tokenizer = ImageTokenizer.open(bundle.component(ModelBundle.TOKEN_ENCODER),
                bundle.component(ModelBundle.TOKEN_DECODER), RuntimeConfig.defaults())) {
            for (String language : languages) {
                List<GridRow> rows = new ArrayList<>();
                reports.add(new LanguageRun(manifest, images, split, language, config, sampler, candidates, tokenizer, rows,
                        generated, log)
                        .run());
                grids.put(language, rows);
            }
        }
        EvaluationReport.JudgeSummary judgeSummary = judge == null ? null
                : new EvaluationReport.JudgeSummary(judge.file().toString(), judge.concepts().size(),
                        Double.isNaN(judge.valAccuracy()) ? null : judge.valAccuracy());
        EvaluationReport.InceptionSummary inceptionSummary = inception == null ? null
                : new EvaluationReport.InceptionSummary(inception.file().toString(), inception.sha256(), inception.imageSize(),
                        inception.options().normalisation().key(), inception.featuresOutput(), inception.logitsOutput(),
                        config.inceptionScoreSplits());
        EvaluationReport report = new EvaluationReport(EvaluationReport.FORMAT_VERSION, bundle.source(), manifest.file().toString(),
                config.split().key(), config.samples(), config.seed(), sampler.steps(), sampler.guidanceScale(),
                sampler.truncationRate(), candidates, teacher.identity(), judgeSummary, inceptionSummary,
                config.bootstrapResamples(), config.confidenceLevel(), List.copyOf(reports), (System.nanoTime() - start) / 1e9);
        return new EvaluationResult(report, grids);
    }

    private List<String> languages(List<ManifestRecord> split, EvaluationConfig config) {
        Set<String> inSplit = new LinkedHashSet<>();
        split.stream().filter(ManifestRecord::hasAudio).map(ManifestRecord::language).sorted().forEach(inSplit::add);
        if (inSplit.isEmpty()) {
            throw new EvaluationException("split '" + config.split().key() + "' has no record with audio; the evaluation "
                    + "generates from speech, so it needs recorded captions");
        }
        List<String> served = pipeline.languages();
        if (config.languages().isEmpty()) {
            List<String> both = inSplit.stream().filter(served::contains).toList();
            if (both.isEmpty()) {
                throw new EvaluationException("split '" + config.split().key() + "' has speech in " + inSplit
                        + " but the bundle serves " + served);
            }
            return both;
        }
        for (String l : config.languages()) {
            if (!served.contains(l)) {
                throw new EvaluationException("language '" + l + "' is not in the bundle; it serves " + served);
            }
            if (!inSplit.contains(l)) {
                throw new EvaluationException("split '" + config.split().key() + "' has no speech in language '" + l
                        + "'; it has " + inSplit);
            }
        }
        return config.languages();
    }

    /**
     * One row of a language's image grid.
     *
     * @param caption the true caption
     * @param real the real picture
     * @param reconstruction the tokenizer's reconstruction of it
     * @param speech the samples generated from speech
     * @param text the samples generated from the caption's text embedding (empty when skipped)
     */
    public record GridRow(String caption, BufferedImage real, BufferedImage reconstruction, List<BufferedImage> speech,
                          List<BufferedImage> text) {
    }

    /**
     * Per-condition accumulators: per-record values of each metric, features for the Fréchet distance,
     * Inception pool features and class outputs, diversity.
     */
    private static final class Accumulator {
        final String name;
        final Map<String, List<Double>> values = new LinkedHashMap<>();
        final List<float[]> features = new ArrayList<>();
        final List<float[]> inceptionFeatures = new ArrayList<>();
        final List<float[]> inceptionClasses = new ArrayList<>();
        final List<Double> featureDiversity = new ArrayList<>();
        final List<Double> pixelDiversity = new ArrayList<>();
        int images;

        Accumulator(String name) {
            this.name = name;
        }

        void add(String metric, double recordValue) {
            values.computeIfAbsent(metric, k -> new ArrayList<>()).add(recordValue);
        }
    }

    /**
     * One record's inputs and generated images.
     *
     * @param text the teacher's embedding of the record's caption (the text condition when its width fits)
     * @param fromText the images generated from {@code text}; empty when its width does not fit
     */
    private record Drawn(ManifestRecord record, BufferedImage picture, BufferedImage reconstruction, float[] embedding,
                         float[] condition, float[] target, List<BufferedImage> fromSpeech, float[] text,
                         List<BufferedImage> fromText) {
    }

    /** The evaluation of one language. */
    private final class LanguageRun {
        private final Manifest manifest;
        private final ManifestImages images;
        private final List<ManifestRecord> records;
        private final String language;
        private final EvaluationConfig config;
        private final SamplerConfig sampler;
        private final int candidates;
        private final ImageTokenizer tokenizer;
        private final List<GridRow> grid;
        private final Map<String, List<BufferedImage>> generated;
        private final Consumer<String> log;
        private final List<String> concepts;
        private final float[][] conceptEmbeddings;
        private final Map<String, Set<String>> teacherCaptions;
        private final boolean shapes;
        private final ShapesScorer scorer;
        private final Map<String, float[]> captionEmbeddings = new ConcurrentHashMap<>();

        LanguageRun(Manifest manifest, ManifestImages images, List<ManifestRecord> split, String language, EvaluationConfig config,
                    SamplerConfig sampler, int candidates, ImageTokenizer tokenizer, List<GridRow> grid,
                    Map<String, List<BufferedImage>> generated, Consumer<String> log) {
            this.manifest = manifest;
            this.generated = generated;
            this.images = images;
            List<ManifestRecord> mine = split.stream().filter(r -> r.language().equals(language) && r.hasAudio()).toList();
            this.records = config.maxRecords() > 0 && mine.size() > config.maxRecords() ? mine.subList(0, config.maxRecords()) : mine;
            if (records.size() < 2) {
                throw new EvaluationException("language '" + language + "' has " + records.size() + " record(s) with audio in split '"
                        + config.split().key() + "'; the evaluation needs at least 2 (a Fréchet distance needs a covariance)");
            }
            this.language = language;
            this.config = config;
            this.sampler = sampler;
            this.candidates = candidates;
            this.tokenizer = tokenizer;
            this.grid = grid;
            this.log = log;
            // Candidates: every concept of this language anywhere in the manifest, each a caption ensemble
            // in the teacher's text language when the manifest has captions of it for the concept.
            Map<String, Set<String>> own = captionsOf(manifest, language);
            this.teacherCaptions = captionsOf(manifest, config.teacherLanguage());
            Map<String, Set<String>> captions = new TreeMap<>();
            for (Map.Entry<String, Set<String>> e : own.entrySet()) {
                captions.put(e.getKey(), teacherCaptions.getOrDefault(e.getKey(), e.getValue()));
            }
            if (captions.size() < 2) {
                throw new EvaluationException("language '" + language + "' has " + captions.size() + " concept(s) in the manifest; "
                        + "retrieval accuracy needs at least 2");
            }
            this.concepts = List.copyOf(captions.keySet());
            this.conceptEmbeddings = ensembles(captions);
            if (judge != null) {
                List<String> unknown = records.stream().map(ManifestRecord::conceptId).distinct()
                        .filter(c -> !judge.concepts().contains(c)).limit(5).toList();
                if (!unknown.isEmpty()) {
                    throw new EvaluationException("the judge " + judge.file() + " was not trained on concept(s) " + unknown
                            + " of split '" + config.split().key() + "'; train it on this manifest");
                }
            }
            this.shapes = records.stream().allMatch(r -> r.attributes().containsKey("objects"));
            this.scorer = shapes ? new ShapesScorer(Math.max(16, images.image(records.get(0)).getWidth())) : null;
        }

        private static Map<String, Set<String>> captionsOf(Manifest manifest, String language) {
            Map<String, Set<String>> captions = new TreeMap<>();
            for (ManifestRecord r : manifest.records()) {
                if (r.language().equals(language)) {
                    captions.computeIfAbsent(r.conceptId(), k -> new LinkedHashSet<>()).add(r.caption());
                }
            }
            return captions;
        }

        /** The caption whose teacher text embedding is the record's text condition. */
        private String teacherCaption(ManifestRecord r) {
            if (r.language().equals(config.teacherLanguage()) || !teacherCaptions.containsKey(r.conceptId())) {
                return r.caption();
            }
            return teacherCaptions.get(r.conceptId()).iterator().next();
        }

        private float[][] ensembles(Map<String, Set<String>> captions) {
            List<String> all = new ArrayList<>();
            for (Set<String> c : captions.values()) {
                all.addAll(c);
            }
            float[][] e = teacher.embedTexts(all);
            float[][] out = new float[captions.size()][];
            int row = 0;
            int k = 0;
            for (Set<String> c : captions.values()) {
                float[] sum = new float[e[0].length];
                for (int i = 0; i < c.size(); i++) {
                    float[] v = e[row++];
                    for (int d = 0; d < sum.length; d++) {
                        sum[d] += v[d];
                    }
                }
                out[k++] = Embeddings.normalize(sum);
            }
            return out;
        }

        LanguageReport run() {
            long start = System.nanoTime();
            Accumulator speech = new Accumulator(EvaluationReport.SPEECH);
            Accumulator text = new Accumulator(EvaluationReport.TEXT);
            Accumulator real = new Accumulator(EvaluationReport.REAL);
            Accumulator recon = new Accumulator(EvaluationReport.RECONSTRUCTION);
            String textSkipped = null;
            int n = records.size();
            log.accept(String.format(Locale.ROOT, "evaluate %s: %d records, %d samples each, %d concepts%s", language, n,
                    config.samples(), concepts.size(), shapes ? ", shapes ground truth" : ""));
            if (inception != null && !inception.hasLogits()) {
                log.accept("evaluate " + language + ": the Inception model " + inception.file() + " has no class logits output "
                        + "(width 1000 or 1008): FID only, no Inception Score");
            }
            int every = Math.max(1, n / 20);
            // Records are drawn by the workers in any order but scored here in manifest order, so the
            // accumulated values, and the bootstrap intervals drawn from them, do not depend on the workers.
            try (OrderedWork<Drawn> drawing = new OrderedWork<>("evaluate-" + language, config.workers(), n, this::draw)) {
                for (int i = 0; i < n; i++) {
                    Drawn d = drawing.get(i);
                    ManifestRecord r = d.record();
                    score(real, r, List.of(d.picture()));
                    score(recon, r, List.of(d.reconstruction()));
                    score(speech, r, d.fromSpeech());
                    if (textSkipped == null && d.text().length != d.condition().length) {
                        textSkipped = "the teacher " + teacher.identity() + " gives " + d.text().length
                                + "-d text embeddings but the generator is conditioned on " + d.condition().length + "-d vectors";
                        log.accept("evaluate " + language + ": text condition skipped: " + textSkipped);
                    }
                    if (textSkipped == null) {
                        score(text, r, d.fromText());
                        // how far the speech side is from the text bound's condition, before and after any prior
                        speech.add("embedding.textCosine", cosine(d.embedding(), d.text()));
                        speech.add("condition.textCosine", cosine(d.condition(), d.text()));
                        if (candidates > 1) {
                            speech.add("rankingTarget.textCosine", cosine(d.target(), d.text()));
                        }
                    }
                    if (grid.size() < config.gridRows()) {
                        grid.add(new GridRow(r.caption(), d.picture(), d.reconstruction(), d.fromSpeech(), d.fromText()));
                    }
                    if ((i + 1) % every == 0 || i + 1 == n) {
                        double elapsed = (System.nanoTime() - start) / 1e9;
                        log.accept(String.format(Locale.ROOT, "evaluate %s: %d/%d records, %.0f s elapsed, ~%.0f s left", language,
                                i + 1, n, elapsed, elapsed / (i + 1) * (n - i - 1)));
                    }
                }
            }
            List<ConditionReport> conditions = new ArrayList<>();
            conditions.add(report(speech, real));
            if (textSkipped == null) {
                conditions.add(report(text, real));
            }
            conditions.add(report(real, null));
            conditions.add(report(recon, real));
            return new LanguageReport(language, n, concepts.size(), shapes, textSkipped, List.copyOf(conditions));
        }

        /** Everything one record needs generated before it is scored: the workers' part of the evaluation. */
        private Drawn draw(int i) {
            ManifestRecord r = records.get(i);
            long seed = config.seed() + i;
            BufferedImage picture = images.image(r);
            BufferedImage reconstruction = tokenizer.decode(tokenizer.encode(picture));
            float[] embedding = embed(r);
            // the pipeline's own condition and ranking target, so a bundle's caption prior is evaluated as users get it
            float[] condition = pipeline.condition(embedding);
            float[] target = candidates == 1 ? condition : pipeline.rankingTarget(embedding, condition);
            List<BufferedImage> fromSpeech = generate(condition, target, seed, r, "speech");
            float[] t = captionEmbeddings.computeIfAbsent(teacherCaption(r), c -> teacher.embedTexts(List.of(c))[0]);
            // a text embedding of another width cannot condition the generator; run() reports it once
            List<BufferedImage> fromText = t.length == condition.length ? generate(t, t, seed, r, "text") : List.of();
            return new Drawn(r, picture, reconstruction, embedding, condition, target, fromSpeech, t, fromText);
        }

        private float[] embed(ManifestRecord r) {
            AudioClip clip;
            try {
                clip = AudioDecoder.standard().decode(manifest.resolve(r.audioPath()));
            } catch (AudioException e) {
                throw new EvaluationException("record '" + r.id() + "': cannot read audio " + manifest.resolve(r.audioPath()) + ": "
                        + e.getMessage(), e);
            }
            try {
                return pipeline.embed(clip, language).vector();
            } catch (PipelineInputException e) {
                throw new EvaluationException("record '" + r.id() + "': " + e.getMessage(), e);
            }
        }

        private List<BufferedImage> generate(float[] condition, float[] rankingTarget, long seed, ManifestRecord r, String what) {
            String key = seed + " " + java.util.Arrays.toString(condition) + " " + java.util.Arrays.toString(rankingTarget);
            List<BufferedImage> earlier = generated.get(key);
            if (earlier != null) {
                return earlier;
            }
            try {
                List<BufferedImage> out = pipeline.sample(condition, rankingTarget, config.samples(), seed, sampler, candidates).images();
                generated.put(key, out);
                return out;
            } catch (PipelineInputException e) {
                throw new EvaluationException("record '" + r.id() + "' (" + what + " condition): " + e.getMessage(), e);
            }
        }

        /** Scores the images of one record under one condition and keeps their features. */
        private void score(Accumulator acc, ManifestRecord r, List<BufferedImage> generated) {
            int k = generated.size();
            float[][] features = teacher.embedImages(generated);
            int concept = concepts.indexOf(r.conceptId());
            int t1 = 0;
            int t5 = 0;
            for (float[] f : features) {
                double[] s = new double[concepts.size()];
                for (int c = 0; c < s.length; c++) {
                    s[c] = Embeddings.dot(f, conceptEmbeddings[c]);
                }
                int rank = TopK.rank(s, concept);
                t1 += rank < 1 ? 1 : 0;
                t5 += rank < 5 ? 1 : 0;
                acc.features.add(f);
            }
            acc.add("teacher.top1", (double) t1 / k);
            acc.add("teacher.top5", (double) t5 / k);
            if (judge != null) {
                int label = judge.concepts().indexOf(r.conceptId());
                int j1 = 0;
                int j5 = 0;
                for (float[] l : judge.logits(generated)) {
                    int rank = TopK.rank(l, label);
                    j1 += rank < 1 ? 1 : 0;
                    j5 += rank < 5 ? 1 : 0;
                }
                acc.add("judge.top1", (double) j1 / k);
                acc.add("judge.top5", (double) j5 / k);
            }
            if (shapes) {
                ShapeScene wanted = ShapesCorpus.sceneOf(r);
                int exact = 0;
                double fraction = 0;
                for (BufferedImage im : generated) {
                    org.speaktheart.data.shapes.ShapeMatch m =
                            org.speaktheart.data.shapes.ShapeMatch.of(wanted, scorer.read(im).scene());
                    exact += m.exact() ? 1 : 0;
                    fraction += m.fraction();
                }
                acc.add("shapes.exact", (double) exact / k);
                acc.add("shapes.attributes", fraction / k);
            }
            if (inception != null) {
                InceptionNetwork.Activations a = inception.activations(generated);
                acc.inceptionFeatures.addAll(List.of(a.features()));
                if (a.logits() != null) {
                    acc.inceptionClasses.addAll(List.of(a.logits()));
                }
            }
            if (k >= 2) {
                acc.featureDiversity.add(Diversity.meanPairwiseFeatureDistance(features));
                acc.pixelDiversity.add(Diversity.meanPairwisePixelDistance(generated));
            }
            acc.images += k;
        }

        /** The condition's figures; {@code reference} is the real pictures' accumulator, or null for the real condition itself. */
        private ConditionReport report(Accumulator acc, Accumulator reference) {
            List<Metric> metrics = new ArrayList<>();
            for (Map.Entry<String, List<Double>> e : acc.values.entrySet()) {
                double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
                long seed = config.seed() * 31 + (language + "/" + acc.name + "/" + e.getKey()).hashCode();
                Bootstrap.Interval ci = Bootstrap.interval(v, config.bootstrapResamples(), config.confidenceLevel(), seed);
                metrics.add(new Metric(e.getKey(), ci.mean(), ci.low(), ci.high(), chance(e.getKey())));
            }
            Double fd = reference == null ? null
                    : FrechetDistance.between(acc.features.toArray(float[][]::new), reference.features.toArray(float[][]::new));
            Double fdiv = acc.featureDiversity.isEmpty() ? null : mean(acc.featureDiversity);
            Double pdiv = acc.pixelDiversity.isEmpty() ? null : mean(acc.pixelDiversity);
            // Standard FID: the same Fréchet distance, in the Inception pool-feature space.
            Double fid = inception == null || reference == null ? null
                    : FrechetDistance.between(acc.inceptionFeatures.toArray(float[][]::new),
                            reference.inceptionFeatures.toArray(float[][]::new));
            InceptionScore.Result is = null;
            if (inception != null && inception.hasLogits()) {
                long seed = config.seed() * 31 + (language + "/" + acc.name + "/inception-score").hashCode();
                is = InceptionScore.of(InceptionScore.probabilities(acc.inceptionClasses.toArray(float[][]::new)),
                        config.inceptionScoreSplits(), seed);
            }
            return new ConditionReport(acc.name, acc.images, List.copyOf(metrics), fd, fdiv, pdiv, fid,
                    is == null ? null : is.mean(), is == null ? null : is.std(), is == null ? null : is.splits());
        }

        private Double chance(String metric) {
            return switch (metric) {
                case "teacher.top1" -> 1.0 / concepts.size();
                case "teacher.top5" -> Math.min(5, concepts.size()) / (double) concepts.size();
                case "judge.top1" -> 1.0 / judge.concepts().size();
                case "judge.top5" -> Math.min(5, judge.concepts().size()) / (double) judge.concepts().size();
                case "shapes.exact" -> 1.0 / concepts.size();
                default -> null;
            };
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
