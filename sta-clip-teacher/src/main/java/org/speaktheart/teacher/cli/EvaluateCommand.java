package org.speaktheart.teacher.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.speaktheart.core.runtime.RuntimeConfig;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestIO;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.teacher.ClipTeacherConfig;
import org.speaktheart.teacher.Embeddings;
import org.speaktheart.teacher.ImagePreprocessing;
import org.speaktheart.teacher.ImageTextTeacher;
import org.speaktheart.teacher.LockedTextTeacher;
import org.speaktheart.teacher.OnnxClipTeacher;
import org.speaktheart.teacher.RetrievalSet;
import org.speaktheart.teacher.ZeroShotRetrieval.RetrievalResult;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code teacher evaluate}: zero-shot retrieval of a teacher on one split of a manifest. The
 * distinct pictures of the split are embedded by the teacher's image tower and ranked against every
 * candidate concept (text tower, prompt ensembles of the concept splits' captions), and the other way
 * round; prints R@1/R@5 with chance and writes them as JSON when {@code --json} is given.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Zero-shot retrieval (image->concept, concept->image, R@1/R@5 against chance) of a teacher on a manifest split.")
final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private CorpusOptions corpus;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private TeacherChoice teacher;

    @Option(names = "--split", defaultValue = "TEST", converter = CorpusOptions.SplitConverter.class,
            description = "split whose pictures are ranked: train, val or test (default: test)")
    private Split split;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the figures to this JSON file")
    private Path json;

    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE})")
    private int threads;

    @Option(names = "--batch", defaultValue = "64", description = "images per model call (default: ${DEFAULT-VALUE})")
    private int batch;

    /** Which teacher: the default one from its tower file, or an external CLIP. */
    static final class TeacherChoice {
        @Option(names = "--tower", required = true, paramLabel = "FILE",
                description = "image-tower.onnx of the default (locked-text) teacher")
        Path tower;

        @ArgGroup(exclusive = false)
        ClipOptions clip;
    }

    /** An external CLIP exported to ONNX (see docs/teacher.md for the contract). */
    static final class ClipOptions {
        @Option(names = "--clip-text", required = true, paramLabel = "FILE", description = "CLIP text graph (input_ids -> text_embeds)")
        Path text;

        @Option(names = "--clip-vision", required = true, paramLabel = "FILE",
                description = "CLIP vision graph (pixel_values -> image_embeds)")
        Path vision;

        @Option(names = "--clip-tokenizer", required = true, paramLabel = "FILE", description = "tokenizer.json of the text graph")
        Path tokenizer;

        @Option(names = "--clip-image-size", defaultValue = "224",
                description = "resize + centre crop side with CLIP's mean/std (default: ${DEFAULT-VALUE})")
        int imageSize;

        @Option(names = "--clip-context-length", defaultValue = "77", description = "token positions (default: ${DEFAULT-VALUE})")
        int contextLength;

        @Option(names = "--clip-pad-token", defaultValue = "0", description = "padding token id (default: ${DEFAULT-VALUE})")
        long padToken;
    }

    @Override
    public Integer call() {
        if (threads < 0 || batch < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 0 and --batch >= 1, got "
                    + threads + " and " + batch);
        }
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        Manifest manifest = ManifestIO.read(corpus.manifest);
        RuntimeConfig runtime = RuntimeConfig.builder().intraOpThreads(threads).build();
        try (ImageTextTeacher t = open(runtime)) {
            RetrievalSet set = RetrievalSet.of(manifest, corpus.language, split, corpus.conceptSplitSet(), t::embedTexts);
            RetrievalResult r = set.evaluate(t.embedImages(set.images().read()));
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "teacher %s%n%s split (%s): %d pictures against %d candidate concepts (captions of %s), %.1f s%n",
                    t.identity(), split.key(), corpus.language, r.images(), r.concepts(),
                    Reports.splits(corpus.conceptSplitSet()), seconds);
            Reports.print(out, r);
            if (json != null) {
                JsonObject o = new JsonObject();
                o.addProperty("teacher", t.identity());
                o.addProperty("manifest", manifest.file().toString());
                o.addProperty("manifestSha256", Embeddings.sha256(manifest.file()));
                o.addProperty("language", corpus.language);
                o.addProperty("split", split.key());
                o.add("conceptSplits", Reports.splits(corpus.conceptSplitSet()));
                o.add("retrieval", Reports.retrieval(r));
                o.addProperty("seconds", seconds);
                Reports.write(json, o);
                out.println("wrote " + json);
            }
        }
        return 0;
    }

    private ImageTextTeacher open(RuntimeConfig runtime) {
        if (teacher.tower != null) {
            return LockedTextTeacher.load(teacher.tower, runtime, batch);
        }
        ClipOptions c = teacher.clip;
        return OnnxClipTeacher.load(ClipTeacherConfig.builder().textModel(c.text).visionModel(c.vision).tokenizer(c.tokenizer)
                .preprocessing(ImagePreprocessing.clip(c.imageSize)).contextLength(c.contextLength).padTokenId(c.padToken)
                .batchSize(batch).runtime(runtime).build());
    }
}
