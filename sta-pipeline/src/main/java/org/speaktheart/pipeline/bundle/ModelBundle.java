package org.speaktheart.pipeline.bundle;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.speaktheart.core.io.Sha256;

/**
 * A verified model bundle: a directory (or a classpath location) holding {@code bundle.json} and
 * the component files it lists, every file checked against its SHA-256 when the bundle is opened.
 * A bundle is data only: opening it never runs code from it.
 *
 * <p>A classpath bundle is copied, after verification, into a private temporary directory so that
 * every component is reachable as a file; {@link #close()} deletes that copy.
 */
public final class ModelBundle implements AutoCloseable {
    /** The value of {@code format} in every bundle manifest. */
    public static final String FORMAT = "sta-bundle";
    /** The layout version this library reads and writes. */
    public static final int FORMAT_VERSION = 1;
    /** Name of the manifest file at the bundle root. */
    public static final String MANIFEST_FILE = "bundle.json";
    /** Role of the speech encoder ONNX model. */
    public static final String SPEECH_ENCODER = "speechEncoder";
    /** Role of the denoiser ONNX model. */
    public static final String DENOISER = "denoiser";
    /** Role of the tokenizer's encoder ONNX model (images to tokens). */
    public static final String TOKEN_ENCODER = "tokenEncoder";
    /** Role of the tokenizer's decoder ONNX model (tokens to images). */
    public static final String TOKEN_DECODER = "tokenDecoder";
    /** Role of the optional spoken-language identifier ONNX model (bound to the bundle's speech encoder). */
    public static final String LANGUAGE_IDENTIFIER = "languageIdentifier";
    /** Role of the optional caption prior ONNX model (speech embedding to generator condition). */
    public static final String CAPTION_PRIOR = "captionPrior";
    /**
     * Role of the optional teacher image tower ONNX model: lets an evaluation embed pictures and the
     * pipeline rank candidate images against their condition.
     */
    public static final String TEACHER_IMAGE_TOWER = "teacherImageTower";
    /**
     * Role of the optional ranker image tower ONNX model: an image tower trained against the teacher's
     * locked text tower (so it embeds into the teacher's space) that ranks candidate images instead of
     * the teacher's own tower.
     */
    public static final String RANKER_IMAGE_TOWER = "rankerImageTower";

    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final String source;
    private final Path root;
    private final boolean temporary;
    private final BundleManifest manifest;

    private ModelBundle(String source, Path root, boolean temporary, BundleManifest manifest) {
        this.source = source;
        this.root = root;
        this.temporary = temporary;
        this.manifest = manifest;
    }

    /**
     * Opens and verifies a bundle directory.
     *
     * @throws BundleException when the manifest or a component is missing, unreadable, of an unknown
     *     version, or does not match its hash
     */
    public static ModelBundle open(Path dir) {
        Path manifestFile = dir.resolve(MANIFEST_FILE);
        BundleManifest manifest = parse(read(manifestFile, dir + "/" + MANIFEST_FILE), dir.toString());
        for (Map.Entry<String, BundleComponent> c : manifest.components().entrySet()) {
            Path file = dir.resolve(c.getValue().file());
            verify(c.getKey(), c.getValue(), read(file, dir + "/" + c.getValue().file()), dir.toString());
        }
        return new ModelBundle(dir.toString(), dir, false, manifest);
    }

    /**
     * Opens and verifies a bundle stored as classpath resources under {@code prefix} (e.g.
     * {@code /org/speaktheart/models/default}).
     *
     * @throws BundleException as {@link #open(Path)}
     */
    public static ModelBundle openResource(Class<?> anchor, String prefix) {
        String base = prefix.endsWith("/") ? prefix : prefix + "/";
        String source = "classpath:" + base;
        BundleManifest manifest = parse(resource(anchor, base + MANIFEST_FILE, source), source);
        Path copy = null;
        try {
            copy = Files.createTempDirectory("sta-bundle-");
            for (Map.Entry<String, BundleComponent> c : manifest.components().entrySet()) {
                byte[] bytes = resource(anchor, base + c.getValue().file(), source);
                verify(c.getKey(), c.getValue(), bytes, source);
                Path target = copy.resolve(c.getValue().file());
                Files.createDirectories(target.getParent());
                Files.write(target, bytes);
            }
            return new ModelBundle(source, copy, true, manifest);
        } catch (IOException e) {
            deleteTree(copy);
            throw new BundleException("cannot unpack bundle " + source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteTree(copy);
            throw e;
        }
    }

    /** Where the bundle came from (a directory or a classpath location). */
    public String source() {
        return source;
    }

    /** The manifest. */
    public BundleManifest manifest() {
        return manifest;
    }

    /** Whether the bundle has a component in this role. */
    public boolean has(String role) {
        return manifest.components().containsKey(role);
    }

    /**
     * The verified file of a component.
     *
     * @throws BundleException when the bundle has no such component
     */
    public Path component(String role) {
        BundleComponent c = manifest.components().get(role);
        if (c == null) {
            throw new BundleException("bundle " + source + " has no '" + role + "' component; it has "
                    + manifest.components().keySet());
        }
        return root.resolve(c.file());
    }

    /** A settings object by name, if present. */
    public Optional<JsonObject> settings(String name) {
        return Optional.ofNullable(manifest.settings().get(name));
    }

    /** Deletes the unpacked copy of a classpath bundle; nothing for a directory bundle. */
    @Override
    public void close() {
        if (temporary) {
            deleteTree(root);
        }
    }

    private static BundleManifest parse(byte[] json, String source) {
        BundleManifest m;
        try {
            // Gson builds records through their canonical constructors, which validate every component.
            m = GSON.fromJson(new String(json, StandardCharsets.UTF_8), BundleManifest.class);
        } catch (JsonParseException e) {
            throw new BundleException("bundle " + source + ": " + MANIFEST_FILE + " is not valid JSON: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof BundleException b) {
                    throw new BundleException("bundle " + source + ": " + b.getMessage(), b);
                }
            }
            throw new BundleException("bundle " + source + ": " + MANIFEST_FILE + " cannot be read: " + e.getMessage(), e);
        }
        if (m == null || !FORMAT.equals(m.format())) {
            throw new BundleException("bundle " + source + ": " + MANIFEST_FILE + " is not an STA bundle manifest (format "
                    + (m == null ? "missing" : m.format()) + ", expected " + FORMAT + ")");
        }
        if (m.formatVersion() != FORMAT_VERSION) {
            throw new BundleException("bundle " + source + " has format version " + m.formatVersion()
                    + "; this library reads version " + FORMAT_VERSION);
        }
        return m;
    }

    private static void verify(String role, BundleComponent c, byte[] bytes, String source) {
        if (bytes.length != c.bytes()) {
            throw new BundleException("bundle " + source + ": component '" + role + "' (" + c.file() + ") has "
                    + bytes.length + " bytes but the manifest says " + c.bytes());
        }
        String actual = Sha256.hex(bytes);
        if (!actual.equals(c.sha256())) {
            throw new BundleException("bundle " + source + ": component '" + role + "' (" + c.file()
                    + ") does not match its SHA-256 (manifest " + c.sha256() + ", file " + actual + "); the file was"
                    + " changed or damaged");
        }
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BundleException("bundle file missing: " + what, e);
        } catch (IOException e) {
            throw new BundleException("cannot read bundle file " + what + ": " + e.getMessage(), e);
        }
    }

    private static byte[] resource(Class<?> anchor, String name, String source) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new BundleException("bundle " + source + ": resource " + name + " not found on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BundleException("cannot read bundle resource " + name + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary copy is harmless; never mask the caller's outcome
        }
    }
}
