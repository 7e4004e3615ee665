package org.speaktheart.teacher;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Path;
import java.util.Map;
import org.speaktheart.core.onnx.Dim;
import org.speaktheart.core.onnx.ElementType;
import org.speaktheart.core.onnx.ModelMetadata;
import org.speaktheart.core.onnx.OnnxGraphBuilder;

/**
 * Writes an {@link ImageTower} as ONNX in the image-tower contract that {@link LockedTextTeacher} loads:
 *
 * <table>
 * <caption>Image tower ONNX contract (version 1)</caption>
 * <tr><th>name</th><th>type</th><th>shape</th><th>meaning</th></tr>
 * <tr><td>pixel_values</td><td>float</td><td>[batch, 3, S, S]</td><td>images after {@link ImagePreprocessing}</td></tr>
 * <tr><td>image_embeds (output)</td><td>float</td><td>[batch, D]</td><td>unit-length embeddings</td></tr>
 * </table>
 *
 * <p>Metadata: {@code sta.name = sta-teacher-image-tower}, {@code sta.version = 1},
 * {@code sta.config} = the {@link ImageTowerConfig} JSON (with the preprocessing), and
 * {@link #KEY_TEXT_TOWER} = identity of the frozen text tower it was trained against, plus any
 * provenance given (data, seed, figures).
 */
public final class ImageTowerExport {
    /** Model name in the metadata. */
    public static final String MODEL_NAME = "sta-teacher-image-tower";
    /** Contract version. */
    public static final String CONTRACT_VERSION = "1";
    /** Input name. */
    public static final String PIXEL_VALUES = "pixel_values";
    /** Output name. */
    public static final String IMAGE_EMBEDS = "image_embeds";
    /** Metadata key of the text tower identity. */
    public static final String KEY_TEXT_TOWER = "sta.teacher.textTower";

    private ImageTowerExport() {
    }

    /**
     * Builds the model of an initialised tower.
     *
     * @param textTower identity of the text tower the image tower matches
     * @param provenance extra metadata (may be empty)
     */
    public static OnnxMl.ModelProto build(ImageTower tower, String textTower, Map<String, String> provenance) {
        ImageTowerConfig c = tower.config();
        OnnxGraphBuilder g = new OnnxGraphBuilder(MODEL_NAME);
        Dim batch = Dim.sym("batch");
        String in = g.input(PIXEL_VALUES, ElementType.FLOAT, batch, Dim.of(3), Dim.of(c.imageSize()), Dim.of(c.imageSize()));
        String out = g.identity(tower.toOnnx(g, "tower", in), IMAGE_EMBEDS);
        g.output(out, ElementType.FLOAT, batch, Dim.of(c.embeddingDim()));
        ModelMetadata meta = new ModelMetadata(MODEL_NAME, CONTRACT_VERSION, c.toJson(), provenance)
                .with(KEY_TEXT_TOWER, textTower);
        return g.build(meta);
    }

    /** Builds and writes atomically. */
    public static void write(ImageTower tower, String textTower, Map<String, String> provenance, Path file) {
        OnnxMl.ModelProto model = build(tower, textTower, provenance);
        org.speaktheart.core.io.AtomicFiles.write(file, model::writeTo);
    }
}
