package org.speaktheart.encoder.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.features.LogMelExtractor;
import org.speaktheart.core.train.StepOutput;
import org.speaktheart.core.train.TrainingTask;
import org.speaktheart.encoder.EncoderConfigException;
import org.speaktheart.encoder.inference.ExternalFrontEnd;
import org.speaktheart.encoder.inference.FeatureBatch;
import org.speaktheart.encoder.network.SpeechEncoderConfig;
import org.speaktheart.encoder.network.SpeechEncoderNetwork;

/**
 * Distils a {@link SpeechEncoderNetwork} (log-mel, or over an external front end) toward teacher
 * targets on the sta-core harness.
 *
 * <p>Loss per batch of B items with distinct images, speech embeddings s_i, image embeddings v_i,
 * English-caption text embeddings u_i (all unit vectors) and logit scale
 * {@code k = exp(min(log k, ln maxLogitScale))} (learnable; temperature 1/k):
 * <pre>
 *   L = (CE_rows(k S V^T) + CE_cols(k S V^T)) / 2 + textWeight * mean_i (1 - s_i . u_i)
 *       + textContrastiveWeight * (CE_rows(k S U^T; P) + CE_cols(k S U^T; P)) / 2
 * </pre>
 * where CE takes the diagonal as the correct class (symmetric InfoNCE as in CLIP and STA), and
 * {@code CE(.; P)} is the multi-positive form against the text embeddings: the target of row i
 * spreads evenly over the items j of the same concept as i (manifest {@code conceptId}), because two pictures of one concept may share a caption and must not be pushed apart.
 * With {@code ctcWeight > 0} the loss adds {@code ctcWeight * CTC} of the network's CTC head over the
 * frame sequence against the record's caption spelled in {@link CaptionAlphabet} (in the record's own
 * language): an auxiliary target that only what was said, not who said it, can meet.
 * Metrics: {@code infonce}, {@code cosine} (mean 1 - s.u), {@code temperature}, and
 * {@code textInfonce} and {@code ctc} when their weights are positive.
 *
 * <p>Features are computed per step from the (augmented) audio when the augmentation changes the
 * waveform, else once at construction; SpecAugment is applied per step either way.
 */
public final class DistillationTask implements TrainingTask {
    private final SpeechEncoderNetwork network;
    private final DistillationData data;
    private final DistillationConfig config;
    private final LogMelExtractor extractor;
    private final List<float[][]> cached;
    private final List<FeatureBatch> external;
    private final float maxLogScale;
    private final int[] conceptIndex;
    private final int[][] ctcLabels;

    /** A task over the data for a log-mel encoder. */
    public DistillationTask(SpeechEncoderNetwork network, DistillationData data, DistillationConfig config) {
        this(network, data, config, null);
    }

    /**
     * A task over the data. For an encoder on an external front end, pass the loaded front end: its
     * (frozen) hidden states are computed once per item, and the augmentation must be
     * {@link Augmentation#none()} (the states are not recomputed per step).
     */
    public DistillationTask(SpeechEncoderNetwork network, DistillationData data, DistillationConfig config,
                            ExternalFrontEnd frontEnd) {
        SpeechEncoderConfig c = network.config();
        boolean isExternal = c.frontEnd() == SpeechEncoderConfig.FrontEndKind.EXTERNAL;
        if (isExternal != (frontEnd != null)) {
            throw new EncoderConfigException("a " + c.frontEnd() + " encoder " + (isExternal ? "needs" : "takes no")
                    + " external front end");
        }
        if (isExternal && (config.augmentation().changesAudio() || config.augmentation().specAugment() != null
                || config.augmentation().featureWarp() != null)) {
            throw new EncoderConfigException("DistillationConfig.augmentation must be Augmentation.none() with an "
                    + "external front end (its states are computed once)");
        }
        if (data.dim() != c.outputDim()) {
            throw new EncoderConfigException("teacher targets have dimension " + data.dim() + " but the encoder outputs "
                    + c.outputDim());
        }
        if (data.imageCount() < config.batchSize()) {
            throw new EncoderConfigException("DistillationConfig.batchSize " + config.batchSize() + " exceeds the "
                    + data.imageCount() + " distinct images of the data");
        }
        if (config.ctcWeight() > 0 && network.ctcClasses() != CaptionAlphabet.SIZE) {
            throw new EncoderConfigException("DistillationConfig.ctcWeight > 0 needs a network with a CTC head of "
                    + CaptionAlphabet.SIZE + " classes (new SpeechEncoderNetwork(config, CaptionAlphabet.SIZE)), this one has "
                    + network.ctcClasses());
        }
        this.network = network;
        this.data = data;
        this.config = config;
        this.maxLogScale = (float) Math.log(config.maxLogitScale());
        Map<String, Integer> concepts = new HashMap<>();
        this.conceptIndex = new int[data.size()];
        for (int i = 0; i < data.size(); i++) {
            conceptIndex[i] = concepts.computeIfAbsent(data.records().get(i).conceptId(), k -> concepts.size());
        }
        this.ctcLabels = config.ctcWeight() > 0 ? new int[data.size()][] : null;
        for (int i = 0; ctcLabels != null && i < data.size(); i++) {
            ctcLabels[i] = CaptionAlphabet.encode(data.records().get(i).caption());
        }
        if (isExternal) {
            this.extractor = null;
            this.cached = null;
            this.external = new ArrayList<>();
            for (AudioClip clip : data.clips()) {
                external.add(frontEnd.features(List.of(clip)));
            }
            return;
        }
        this.external = null;
        this.extractor = new LogMelExtractor(c.logMelConfig());
        if (config.augmentation().changesAudio()) {
            this.cached = null;
        } else {
            List<AudioClip> clips = new ArrayList<>();
            for (AudioClip clip : data.clips()) {
                clips.add(clip.sampleRate() == extractor.config().sampleRate() ? clip
                        : new org.speaktheart.audio.dsp.Resampler().resample(clip, extractor.config().sampleRate()));
            }
            this.cached = extractor.extractAll(clips);
        }
    }

    @Override
    public NDList batch(long step, SplittableRandom random, NDManager manager) {
        int b = config.batchSize();
        int[] items = new int[b];
        boolean[] usedImage = new boolean[data.imageCount()];
        int chosen = 0;
        while (chosen < b) { // rejection keeps one item per image; batchSize <= imageCount guarantees an end
            int i = random.nextInt(data.size());
            if (!usedImage[data.imageIndex()[i]]) {
                usedImage[data.imageIndex()[i]] = true;
                items[chosen++] = i;
            }
        }
        if (external != null) {
            return externalBatch(items, manager);
        }
        List<float[][]> feats = new ArrayList<>(b);
        int maxT = 0;
        int rate = extractor.config().sampleRate();
        for (int i : items) {
            float[][] f;
            if (cached != null) {
                f = cached.get(i);
            } else {
                AudioClip clip = data.clips().get(i);
                if (clip.sampleRate() != rate) {
                    clip = new org.speaktheart.audio.dsp.Resampler().resample(clip, rate);
                }
                f = extractor.extract(config.augmentation().apply(clip, random));
            }
            f = config.augmentation().apply(f, random);
            if (f.length > network.config().maxInputFrames()) {
                f = java.util.Arrays.copyOf(f, network.config().maxInputFrames()); // training crops over-long clips
            }
            feats.add(f);
            maxT = Math.max(maxT, f.length);
        }
        int m = network.config().featureDim();
        float[] x = new float[b * maxT * m];
        boolean[] mask = new boolean[b * maxT];
        for (int k = 0; k < b; k++) {
            float[][] f = feats.get(k);
            for (int t = 0; t < maxT; t++) {
                if (t < f.length) {
                    System.arraycopy(f[t], 0, x, (k * maxT + t) * m, m);
                } else {
                    mask[k * maxT + t] = true;
                }
            }
        }
        int[] lengths = new int[b];
        for (int k = 0; k < b; k++) {
            lengths[k] = feats.get(k).length;
        }
        return withTargets(new NDList(manager.create(x, new Shape(b, maxT, m)), manager.create(mask, new Shape(b, maxT))),
                items, lengths, maxT, manager);
    }

    private NDList externalBatch(int[] items, NDManager manager) {
        int b = items.length;
        int layers = network.config().frontEndLayers();
        int h = network.config().featureDim();
        int maxT = 0;
        int[] lengths = new int[b];
        for (int k = 0; k < b; k++) {
            lengths[k] = Math.min(external.get(items[k]).frames()[0], network.config().maxInputFrames());
            maxT = Math.max(maxT, lengths[k]);
        }
        float[] x = new float[b * layers * maxT * h];
        boolean[] mask = new boolean[b * maxT];
        for (int k = 0; k < b; k++) {
            FeatureBatch f = external.get(items[k]);
            int t = f.frames()[0];
            int used = Math.min(t, maxT);
            for (int l = 0; l < layers; l++) {
                // [1, L, t, H] -> [B, L, maxT, H]; over-long clips are cropped
                System.arraycopy(f.data(), l * t * h, x, ((k * layers + l) * maxT) * h, used * h);
            }
            for (int i = used; i < maxT; i++) {
                mask[k * maxT + i] = true;
            }
        }
        return withTargets(new NDList(manager.create(x, new Shape(b, layers, maxT, h)),
                manager.create(mask, new Shape(b, maxT))), items, lengths, maxT, manager);
    }

    /**
     * Inputs (features, padding mask) followed by the targets: image [B, D], text [B, D], same-concept positives [B, B], and with
     * CTC the slot validity [B, T' x slots] and the {@link CtcLoss#targets} (4 arrays).
     */
    private NDList withTargets(NDList inputs, int[] items, int[] lengths, int maxT, NDManager manager) {
        NDList out = new NDList(inputs);
        out.addAll(targets(items, manager));
        if (ctcLabels == null) {
            return out;
        }
        int perFrame = SpeechEncoderNetwork.CTC_SLOTS_PER_FRAME;
        int slotsMax = network.config().subsampledFrames(maxT) * perFrame;
        float[] valid = new float[items.length * slotsMax];
        int[][] labels = new int[items.length][];
        int[] slots = new int[items.length];
        for (int k = 0; k < items.length; k++) {
            labels[k] = ctcLabels[items[k]];
            slots[k] = network.config().subsampledFrames(lengths[k]) * perFrame;
            java.util.Arrays.fill(valid, k * slotsMax, k * slotsMax + slots[k], 1f);
        }
        out.add(manager.create(valid, new Shape(items.length, slotsMax)));
        out.addAll(CtcLoss.targets(labels, slots, CaptionAlphabet.SIZE, manager));
        return out;
    }

    private NDList targets(int[] items, NDManager manager) {
        int d = data.dim();
        float[] img = new float[items.length * d];
        float[] txt = new float[items.length * d];
        for (int k = 0; k < items.length; k++) {
            System.arraycopy(data.imageTargets()[data.imageIndex()[items[k]]], 0, img, k * d, d);
            System.arraycopy(data.textTargets()[items[k]], 0, txt, k * d, d);
        }
        float[] positives = new float[items.length * items.length];
        for (int i = 0; i < items.length; i++) {
            for (int j = 0; j < items.length; j++) {
                positives[i * items.length + j] = conceptIndex[items[i]] == conceptIndex[items[j]] ? 1f : 0f;
            }
        }
        return new NDList(manager.create(img, new Shape(items.length, d)), manager.create(txt, new Shape(items.length, d)),
                manager.create(positives, new Shape(items.length, items.length)));
    }


    @Override
    public StepOutput loss(ParameterStore parameters, NDList batch, boolean training) {
        NDList out = network.forward(parameters, new NDList(batch.get(0), batch.get(1)), training);
        NDArray s = out.get(0);                                                                    // [B, D]
        NDArray v = batch.get(2);
        NDArray u = batch.get(3);
        long b = s.getShape().get(0);
        NDArray logScale = network.logitScale(parameters, s, training).minimum(maxLogScale);      // [1]
        NDArray logits = s.matMul(v.transpose()).mul(logScale.exp());                             // [B, B]
        NDArray eye = s.getManager().eye((int) b);
        NDArray rows = logits.logSoftmax(1).mul(eye).sum().div(-b);
        NDArray cols = logits.logSoftmax(0).mul(eye).sum().div(-b);
        NDArray infoNce = rows.add(cols).div(2);
        NDArray cosine = s.mul(u).sum(new int[] {1}).neg().add(1).mean();
        NDArray loss = infoNce.add(cosine.mul(config.textWeight()));
        Map<String, NDArray> metrics = new LinkedHashMap<>(Map.of("infonce", infoNce, "cosine", cosine,
                "temperature", logScale.neg().exp().reshape(new Shape())));
        if (config.textContrastiveWeight() > 0) {
            NDArray positives = batch.get(4);                                                      // [B, B], symmetric
            NDArray textLogits = s.matMul(u.transpose()).mul(logScale.exp());
            NDArray textRows = textLogits.logSoftmax(1).mul(positives.div(positives.sum(new int[] {1}, true)))
                    .sum().div(-b);
            NDArray textCols = textLogits.logSoftmax(0).mul(positives.div(positives.sum(new int[] {0}, true)))
                    .sum().div(-b);
            NDArray textInfoNce = textRows.add(textCols).div(2);
            loss = loss.add(textInfoNce.mul(config.textContrastiveWeight()));
            metrics.put("textInfonce", textInfoNce);
        }
        if (config.ctcWeight() > 0) {
            NDArray logProbs = network.ctcLogProbs(parameters, out.get(1), training);              // [B, T' x 2, V]
            NDArray ctc = CtcLoss.loss(logProbs, batch.get(5), new NDList(batch.subNDList(6)));
            loss = loss.add(ctc.mul(config.ctcWeight()));
            metrics.put("ctc", ctc);
        }
        return new StepOutput(loss, metrics);
    }
}
