package org.speaktheart.teacher.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.core.train.CheckpointStore;
import org.speaktheart.core.train.LrDecay;
import org.speaktheart.core.train.TrainingConfig;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.teacher.ConceptSet;
import org.speaktheart.teacher.ContrastiveDataset;
import org.speaktheart.teacher.Embeddings;
import org.speaktheart.teacher.ImageTowerConfig;
import org.speaktheart.teacher.ImageTowerTrainer;
import org.speaktheart.teacher.LockedTextTeacher;
import org.speaktheart.teacher.ManifestImages;
import org.speaktheart.teacher.MiniLmTextEncoder;
import org.speaktheart.teacher.RetrievalSet;
import org.speaktheart.teacher.TeacherException;
import org.speaktheart.teacher.TowerTrainingConfig;
import org.speaktheart.teacher.TrainedImageTower;
import org.speaktheart.teacher.ZeroShotRetrieval.RetrievalResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code teacher train}: trains the default teacher's image tower against the frozen MiniLM
 * embeddings of the captions of a manifest's train split (one language), through the sta-core
 * harness. Writes into {@code --out}: {@code train-options.json} (what the run is), {@code checkpoints/},
 * {@code metrics.jsonl}, {@code image-tower.onnx} (EMA weights, provenance in its metadata) and
 * {@code result.json}. When {@code --out} already holds checkpoints of the same options, training
 * resumes from the newest one (a finished run is only re-exported); other options are refused.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the default teacher's image tower on a manifest's train split (resumes from checkpoints in --out).")
final class TrainCommand implements Callable<Integer> {
    static final String OPTIONS_FILE = "train-options.json";
    static final String RESULT_FILE = "result.json";
    static final String MODEL_FILE = "image-tower.onnx";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private CorpusOptions corpus;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    private Path out;

    @Option(names = "--steps", defaultValue = "400", description = "optimizer steps (default: ${DEFAULT-VALUE})")
    private long steps;

    @Option(names = "--batch", defaultValue = "48", description = "distinct concepts per step (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--base-channels", defaultValue = "16", description = "channels of the first level (default: ${DEFAULT-VALUE})")
    private int baseChannels;

    @Option(names = "--multipliers", split = ",", defaultValue = "1,2,4,4",
            description = "channel multiplier per level (default: ${DEFAULT-VALUE})")
    private int[] multipliers;

    @Option(names = "--groups", defaultValue = "8", description = "GroupNorm groups (default: ${DEFAULT-VALUE})")
    private int groups;

    @Option(names = "--image-size", defaultValue = "32", description = "tower input side in pixels (default: ${DEFAULT-VALUE})")
    private int imageSize;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the weights and the batches (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--lr", defaultValue = "1e-3", description = "peak AdamW learning rate (default: ${DEFAULT-VALUE})")
    private double lr;

    @Option(names = "--warmup", defaultValue = "50", description = "warm-up steps, then cosine decay to lr/100 (default: ${DEFAULT-VALUE})")
    private long warmup;

    @Option(names = "--weight-decay", defaultValue = "0.05", description = "AdamW weight decay (default: ${DEFAULT-VALUE})")
    private double weightDecay;

    @Option(names = "--ema", defaultValue = "0.99", description = "EMA decay of the exported weights, 0 = none (default: ${DEFAULT-VALUE})")
    private double ema;

    @Option(names = "--flip", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "random horizontal flips (--no-flip when left and right matter; default: ${DEFAULT-VALUE})")
    private boolean flip;

    @Option(names = "--jitter", defaultValue = "0.2", description = "contrast/brightness jitter in [0, 1) (default: ${DEFAULT-VALUE})")
    private float jitter;

    @Option(names = "--max-shift", defaultValue = "-1",
            description = "largest random translation in pixels, -1 = image-size / 10 (default: ${DEFAULT-VALUE})")
    private int maxShift;

    @Option(names = "--checkpoint-interval", defaultValue = "200", description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
    private long checkpointInterval;

    @Option(names = "--report-interval", defaultValue = "50",
            description = "steps between progress reports with the monitor split's retrieval (default: ${DEFAULT-VALUE})")
    private long reportInterval;

    @Option(names = "--monitor-split", defaultValue = "val",
            description = "split whose retrieval is reported during training and in result.json: train, val, test or none "
                    + "(default: ${DEFAULT-VALUE})")
    private String monitorSplit;

    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads of the text tower (default: ${DEFAULT-VALUE})")
    private int threads;

    @Override
    public Integer call() {
        validate();
        PrintWriter console = spec.commandLine().getOut();
        Manifest manifest = ManifestIO.read(corpus.manifest);
        String manifestSha = Embeddings.sha256(manifest.file());
        int shift = maxShift >= 0 ? maxShift : imageSize / 10;
        JsonObject options = options(manifestSha, shift);
        checkOrWriteOptions(options);

        List<ManifestRecord> train = RetrievalSet.select(manifest, corpus.language, Set.of(Split.TRAIN));
        Optional<Split> monitor = monitorSplit.equals("none") ? Optional.empty() : Optional.of(Split.fromKey(monitorSplit));
        ConceptSet concepts;
        String textTower;
        RetrievalSet monitorSet = null;
        try (MiniLmTextEncoder text = new MiniLmTextEncoder(RuntimeConfig.builder().intraOpThreads(threads).build())) {
            concepts = ConceptSet.of(train, text::embed);
            textTower = text.identity();
            if (monitor.isPresent()) {
                monitorSet = RetrievalSet.of(manifest, corpus.language, monitor.get(), corpus.conceptSplitSet(), text::embed);
            }
        }
        ImageTowerConfig tower = ImageTowerConfig.builder().imageSize(imageSize).baseChannels(baseChannels)
                .channelMultipliers(multipliers).groups(groups).build();
        ManifestImages trainImages = ManifestImages.of(manifest, train, concepts);
        ContrastiveDataset data = new ContrastiveDataset(trainImages.pixels(tower.preprocessing()), trainImages.concepts(),
                concepts.embeddings(), imageSize);
        float[][] monitorPixels = monitorSet == null ? null : monitorSet.images().pixels(tower.preprocessing());
        console.printf(Locale.ROOT, "%s: %d concepts, %d training pictures (%s, train)%s%n", manifest.file(), concepts.ids().size(),
                trainImages.size(), corpus.language, monitorSet == null ? "" : String.format(Locale.ROOT,
                        "; monitoring %d %s pictures against %d concepts", monitorSet.images().size(), monitor.get().key(),
                        monitorSet.concepts().ids().size()));

        Path checkpoints = out.resolve("checkpoints");
        long resumedFrom = new CheckpointStore(checkpoints, 2).latest().map(p -> CheckpointStore.readHeader(p).step()).orElse(-1L);
        if (resumedFrom >= 0) {
            console.printf(Locale.ROOT, "resuming from the checkpoint of step %d in %s%n", resumedFrom, checkpoints);
        }
        TrainingConfig.Builder training = TrainingConfig.builder().steps(steps).seed(seed).learningRate(lr)
                .warmupSteps(Math.min(warmup, steps)).decay(LrDecay.cosine(lr / 100)).weightDecay(weightDecay).clipNorm(1.0)
                .checkpointDir(checkpoints).checkpointInterval(checkpointInterval).metricsFile(out.resolve("metrics.jsonl"))
                .logInterval(reportInterval);
        if (ema > 0) {
            training.emaDecay(ema);
        }
        TowerTrainingConfig config = TowerTrainingConfig.builder().tower(tower).training(training.build()).batchSize(batch).flip(flip)
                .jitter(jitter).maxShift(shift).initSeed(seed).reportInterval(reportInterval).build();

        long t0 = System.nanoTime();
        RetrievalSet monitored = monitorSet;
        ImageTowerTrainer.Result result = ImageTowerTrainer.train(config, data, (step, loss, scale, t) -> {
            String figures = monitored == null ? "" : " | " + monitored.split().key() + " " + monitored.evaluate(t.embed(monitorPixels, 64));
            console.printf(Locale.ROOT, "step %d/%d loss %.4f scale %.2f %.1f s%s%n", step, steps, loss, scale,
                    (System.nanoTime() - t0) / 1e9, figures);
            console.flush();
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        try (TrainedImageTower trained = result.tower()) {
            RetrievalResult finalFigures = monitorSet == null ? null : monitorSet.evaluate(trained.embed(monitorPixels, 64));
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("sta.data", manifest.file().getFileName() + " sha256 " + manifestSha + " (" + corpus.language
                    + ", train split: " + trainImages.size() + " pictures of " + concepts.ids().size() + " concepts)");
            provenance.put("sta.training", "teacher train " + options);
            if (finalFigures != null) {
                provenance.put("sta.heldOut", monitor.get().key() + " split, EMA weights: " + finalFigures);
            }
            Path model = out.resolve(MODEL_FILE);
            trained.export(model, textTower, provenance);
            String modelSha = Embeddings.sha256(model);

            JsonObject r = new JsonObject();
            r.addProperty("command", "train");
            r.add("options", options);
            r.addProperty("manifest", manifest.file().toString());
            r.addProperty("concepts", concepts.ids().size());
            r.addProperty("trainPictures", trainImages.size());
            r.addProperty("textTower", textTower);
            r.add("tower", JsonParser.parseString(tower.toJson()));
            r.addProperty("resumedFromStep", resumedFrom >= 0 ? resumedFrom : null);
            r.addProperty("steps", steps);
            r.addProperty("seconds", seconds);
            r.addProperty("lastLoss", Double.isNaN(result.lastLoss()) ? null : Double.valueOf(result.lastLoss())); // null: no step ran
            r.addProperty("scale", trained.model().scale());
            r.addProperty("model", MODEL_FILE);
            r.addProperty("modelSha256", modelSha);
            r.addProperty("teacher", LockedTextTeacher.NAME + "@" + textTower + "+tower-" + modelSha.substring(0, 16));
            if (finalFigures != null) {
                JsonObject m = new JsonObject();
                m.addProperty("split", monitor.get().key());
                m.add("conceptSplits", Reports.splits(corpus.conceptSplitSet()));
                m.addProperty("weights", ema > 0 ? "ema" : "raw");
                m.add("retrieval", Reports.retrieval(finalFigures));
                r.add("monitor", m);
            }
            Reports.write(out.resolve(RESULT_FILE), r);
            console.printf(Locale.ROOT, "wrote %s (teacher %s) and %s in %.0f s%n", model, r.get("teacher").getAsString(),
                    out.resolve(RESULT_FILE), seconds);
            if (finalFigures != null) {
                console.printf(Locale.ROOT, "%s split, %s weights:%n", monitor.get().key(), ema > 0 ? "EMA" : "raw");
                Reports.print(console, finalFigures);
            }
        }
        return 0;
    }

    private void validate() {
        StringBuilder bad = new StringBuilder();
        check(bad, steps >= 1, "--steps must be >= 1, got " + steps);
        check(bad, batch >= 2, "--batch must be >= 2, got " + batch);
        check(bad, baseChannels >= 1, "--base-channels must be >= 1, got " + baseChannels);
        check(bad, imageSize >= 4, "--image-size must be >= 4, got " + imageSize);
        check(bad, lr > 0, "--lr must be > 0, got " + lr);
        check(bad, warmup >= 0, "--warmup must be >= 0, got " + warmup);
        check(bad, ema >= 0 && ema < 1, "--ema must be in [0, 1), got " + ema);
        check(bad, jitter >= 0 && jitter < 1, "--jitter must be in [0, 1), got " + jitter);
        check(bad, maxShift >= -1 && maxShift < imageSize, "--max-shift must be -1 or in [0, image-size), got " + maxShift);
        check(bad, checkpointInterval >= 1, "--checkpoint-interval must be >= 1, got " + checkpointInterval);
        check(bad, reportInterval >= 1, "--report-interval must be >= 1, got " + reportInterval);
        check(bad, threads >= 0, "--threads must be >= 0, got " + threads);
        check(bad, List.of("train", "val", "test", "none").contains(monitorSplit),
                "--monitor-split must be train, val, test or none, got '" + monitorSplit + "'");
        if (bad.length() > 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), bad.toString().trim());
        }
    }

    private static void check(StringBuilder bad, boolean ok, String message) {
        if (!ok) {
            bad.append(message).append('\n');
        }
    }

    /** Everything that decides the trained weights (a resumed run must have the same). */
    private JsonObject options(String manifestSha, int shift) {
        JsonObject o = new JsonObject();
        o.addProperty("manifestSha256", manifestSha);
        o.addProperty("language", corpus.language);
        o.addProperty("steps", steps);
        o.addProperty("batch", batch);
        o.addProperty("baseChannels", baseChannels);
        o.addProperty("multipliers", java.util.Arrays.toString(multipliers));
        o.addProperty("groups", groups);
        o.addProperty("imageSize", imageSize);
        o.addProperty("seed", seed);
        o.addProperty("lr", lr);
        o.addProperty("warmup", Math.min(warmup, steps));
        o.addProperty("weightDecay", weightDecay);
        o.addProperty("ema", ema);
        o.addProperty("flip", flip);
        o.addProperty("jitter", jitter);
        o.addProperty("maxShift", shift);
        o.addProperty("checkpointInterval", checkpointInterval);
        // As read back from the file, so that a float option compares equal to its stored decimal form.
        return JsonParser.parseString(o.toString()).getAsJsonObject();
    }

    private void checkOrWriteOptions(JsonObject options) {
        Path file = out.resolve(OPTIONS_FILE);
        if (Files.exists(file)) {
            JsonObject before;
            try {
                before = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (IOException | RuntimeException e) {
                throw new TeacherException(file + " cannot be read (" + e.getMessage() + "); remove it or use another --out", e);
            }
            if (!before.equals(options)) {
                StringBuilder diff = new StringBuilder();
                for (String key : options.keySet()) {
                    if (!options.get(key).equals(before.get(key))) {
                        diff.append(String.format(Locale.ROOT, " %s: %s there, %s now;", key, before.get(key), options.get(key)));
                    }
                }
                throw new TeacherException(out + " holds a run with other options (" + OPTIONS_FILE + "):" + diff
                        + " use the same options to resume, or another --out");
            }
        } else {
            Reports.write(file, options);
        }
    }
}
