package org.speaktheart.pipeline.bundle;

import java.nio.file.Path;
import org.speaktheart.models.DefaultModels;

/**
 * The embedded default model: the bundle that the {@code sta-models} artifact carries on the
 * classpath (trained on the emoji corpus, English and Arabic; its provenance and evaluation are in
 * its {@code bundle.json} and in docs/pipeline.md). Opening it copies the verified components to a
 * temporary directory that {@link ModelBundle#close()} removes.
 */
public final class DefaultBundle {
    private DefaultBundle() {
    }

    /**
     * Opens and verifies the embedded default bundle.
     *
     * @throws BundleException when sta-models is not on the classpath or a component fails its check
     */
    public static ModelBundle open() {
        if (DefaultModels.class.getResource(DefaultModels.BUNDLE + "/" + ModelBundle.MANIFEST_FILE) == null) {
            throw new BundleException("the embedded default bundle " + DefaultModels.BUNDLE + " is not on the classpath; "
                    + "add the org.speaktheart:sta-models artifact or pass a bundle directory");
        }
        return ModelBundle.openResource(DefaultModels.class, DefaultModels.BUNDLE);
    }

    /**
     * Opens and verifies the bundle directory {@code dir}, or the embedded default when {@code dir} is
     * null (what every command's optional {@code --bundle} means).
     *
     * @throws BundleException as {@link ModelBundle#open(Path)} and {@link #open()}
     */
    public static ModelBundle open(Path dir) {
        return dir != null ? ModelBundle.open(dir) : open();
    }
}
