package org.speaktheart.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.speaktheart.core.io.Sha256;

/**
 * Writes and finds the checkpoints of one run in a directory.
 *
 * <p>Each checkpoint is a directory {@code step-NNNNNNNNN} (the number of completed steps, 9 digits)
 * holding {@code header.json}, {@code parameters.ndlist}, {@code optimizer.ndlist} and, with EMA,
 * {@code ema.ndlist} (DJL's NDList encoding). It is first written under a hidden temporary name in the same
 * directory and then renamed with {@code ATOMIC_MOVE}, so a {@code step-*} directory is always complete; the
 * older ones are deleted only after the new one is in place, keeping the newest {@code keep}.
 */
public final class CheckpointStore {

    /** The {@code format} field of every header. */
    public static final String FORMAT = "sta-training-checkpoint";
    /** The only layout version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** Header file name. */
    public static final String HEADER_FILE = "header.json";
    /** All block parameters. */
    public static final String PARAMETERS_FILE = "parameters.ndlist";
    /** AdamW moments. */
    public static final String OPTIMIZER_FILE = "optimizer.ndlist";
    /** EMA weights. */
    public static final String EMA_FILE = "ema.ndlist";

    private static final Pattern NAME = Pattern.compile("step-(\\d{9,})");
    private static final String TEMP_PREFIX = ".tmp-";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path dir;
    private final int keep;

    /**
     * @param dir  directory of the run's checkpoints (created on first write)
     * @param keep how many of the newest checkpoints to keep (>= 1)
     */
    public CheckpointStore(Path dir, int keep) {
        if (keep < 1) {
            throw new TrainingException("keep must be >= 1, got " + keep);
        }
        this.dir = dir;
        this.keep = keep;
    }

    /** The directory name of the checkpoint after {@code step} completed steps. */
    public static String directoryName(long step) {
        return String.format("step-%09d", step);
    }

    /**
     * Writes one checkpoint atomically and prunes older ones.
     *
     * @param header     the header; its {@code sha256} map is replaced by the checksums of the files written
     * @param parameters every block parameter, in header order
     * @param moments    optimizer moments
     * @param ema        EMA weights, or null when EMA is off
     * @return the checkpoint directory
     */
    public Path write(CheckpointHeader header, NDList parameters, NDList moments, NDList ema) {
        String name = directoryName(header.step());
        Path temp = dir.resolve(TEMP_PREFIX + name + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            Files.createDirectory(temp);
            Map<String, String> sums = new LinkedHashMap<>();
            sums.put(PARAMETERS_FILE, writeSynced(temp.resolve(PARAMETERS_FILE), parameters.encode()));
            sums.put(OPTIMIZER_FILE, writeSynced(temp.resolve(OPTIMIZER_FILE), moments.encode()));
            if (ema != null) {
                sums.put(EMA_FILE, writeSynced(temp.resolve(EMA_FILE), ema.encode()));
            }
            CheckpointHeader complete = new CheckpointHeader(header.format(), header.formatVersion(), header.step(),
                    header.seed(), header.parameters(), header.optimizer(), header.optimizerStep(), header.ema(),
                    header.schedule(), sums, header.taskState());
            writeSynced(temp.resolve(HEADER_FILE), GSON.toJson(complete).getBytes(StandardCharsets.UTF_8));
            Path target = dir.resolve(name);
            publish(temp, target);
            prune();
            return target;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new CheckpointException("cannot write checkpoint " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    /** The newest complete checkpoint directory, if any. */
    public Optional<Path> latest() {
        return list().stream().max(Comparator.comparingLong(CheckpointStore::stepOf));
    }

    /** Deletes temporary directories left by a writer that was killed mid-write. */
    public void removeIncomplete() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).forEach(CheckpointStore::deleteQuietly);
        } catch (IOException e) {
            throw new CheckpointException("cannot list checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Complete checkpoint directories, in no particular order. */
    public List<Path> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(HEADER_FILE))).toList();
        } catch (IOException e) {
            throw new CheckpointException("cannot list checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks the header of a checkpoint directory.
     *
     * @throws UnsupportedCheckpointVersionException for a format version other than {@link #FORMAT_VERSION}
     * @throws CheckpointException                   when the header is missing, not JSON, or not a checkpoint
     */
    public static CheckpointHeader readHeader(Path checkpoint) {
        Path file = checkpoint.resolve(HEADER_FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + checkpoint + " has no " + HEADER_FILE);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonObject json;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new CheckpointException(file + " is not a JSON object");
            }
            json = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new CheckpointException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        JsonElement format = json.get("format");
        if (format == null || !format.isJsonPrimitive() || !FORMAT.equals(format.getAsString())) {
            throw new CheckpointException(file + " has format " + format + ", expected \"" + FORMAT + "\"");
        }
        JsonElement version = json.get("formatVersion");
        if (version == null || !version.isJsonPrimitive() || !version.getAsJsonPrimitive().isNumber()) {
            throw new CheckpointException(file + " has no numeric formatVersion");
        }
        if (version.getAsInt() != FORMAT_VERSION) {
            throw new UnsupportedCheckpointVersionException(checkpoint.toString(), version.getAsInt(), FORMAT_VERSION);
        }
        CheckpointHeader header;
        try {
            header = GSON.fromJson(json, CheckpointHeader.class);
        } catch (JsonParseException e) {
            throw new CheckpointException(file + " does not match checkpoint format " + FORMAT_VERSION + ": "
                    + e.getMessage(), e);
        }
        if (header.parameters() == null || header.sha256() == null || header.optimizer() == null) {
            throw new CheckpointException(file + " lacks parameters, optimizer or sha256");
        }
        return header;
    }

    /**
     * Reads a whole checkpoint, verifying every file's checksum.
     *
     * @param checkpoint a {@code step-*} directory
     * @param manager    where the arrays are allocated
     */
    public static Checkpoint read(Path checkpoint, NDManager manager) {
        CheckpointHeader header = readHeader(checkpoint);
        NDList parameters = readList(checkpoint, PARAMETERS_FILE, header, manager);
        NDList moments = readList(checkpoint, OPTIMIZER_FILE, header, manager);
        NDList ema = header.ema() ? readList(checkpoint, EMA_FILE, header, manager) : new NDList();
        if (parameters.size() != header.parameters().size()) {
            throw new CheckpointException(checkpoint + ": " + PARAMETERS_FILE + " holds " + parameters.size()
                    + " arrays but the header lists " + header.parameters().size());
        }
        return new Checkpoint(header, parameters, moments, ema);
    }

    /**
     * Loads the weights of a checkpoint into a block's parameters (for evaluation or export).
     *
     * @param checkpoint a {@code step-*} directory
     * @param block      a block with the same parameters (names and shapes) as the trained one
     * @param useEma     take the EMA weights for the trainable parameters (the checkpoint must have them)
     */
    public static void loadInto(Path checkpoint, Block block, boolean useEma) {
        List<NamedParameter> all = NamedParameter.of(block);
        if (all.isEmpty()) {
            throw new CheckpointException("block has no parameters to load " + checkpoint + " into");
        }
        try (NDManager manager = all.get(0).parameter().getArray().getManager().newSubManager();
                Checkpoint loaded = read(checkpoint, manager)) {
            if (useEma && !loaded.header().ema()) {
                throw new CheckpointException("checkpoint " + checkpoint + " holds no EMA weights");
            }
            checkParameters(loaded.header(), all, checkpoint.toString());
            int trainable = 0;
            for (int i = 0; i < all.size(); i++) {
                NDArray source = loaded.parameters().get(i);
                if (all.get(i).trainable()) {
                    if (useEma) {
                        source = loaded.ema().get(trainable);
                    }
                    trainable++;
                }
                source.copyTo(all.get(i).parameter().getArray());
            }
        }
    }

    /** Throws unless the header's parameter list matches the block's (count, names, shapes, trainability). */
    static void checkParameters(CheckpointHeader header, List<NamedParameter> block, String where) {
        List<CheckpointHeader.ParameterEntry> saved = header.parameters();
        if (saved.size() != block.size()) {
            throw new CheckpointException("checkpoint " + where + " has " + saved.size()
                    + " parameters but the block has " + block.size());
        }
        for (int i = 0; i < saved.size(); i++) {
            CheckpointHeader.ParameterEntry e = saved.get(i);
            NamedParameter p = block.get(i);
            long[] shape = p.parameter().getArray().getShape().getShape();
            if (!e.name().equals(p.name()) || !Arrays.equals(e.shape(), shape) || e.trainable() != p.trainable()) {
                throw new CheckpointException("checkpoint " + where + " parameter " + i + " is " + e.name()
                        + Arrays.toString(e.shape()) + (e.trainable() ? " trainable" : " frozen")
                        + " but the block has " + p.name() + Arrays.toString(shape)
                        + (p.trainable() ? " trainable" : " frozen"));
            }
        }
    }

    private static NDList readList(Path checkpoint, String name, CheckpointHeader header, NDManager manager) {
        String expected = header.sha256().get(name);
        if (expected == null) {
            throw new CheckpointException("checkpoint " + checkpoint + " header has no checksum for " + name);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(checkpoint.resolve(name));
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + checkpoint + " is missing " + name);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + checkpoint.resolve(name) + ": " + e.getMessage(), e);
        }
        String actual = Sha256.hex(bytes);
        if (!actual.equals(expected)) {
            throw new CheckpointException("checkpoint " + checkpoint + " file " + name + " is corrupt: sha256 "
                    + actual + ", header says " + expected);
        }
        return NDList.decode(manager, bytes);
    }

    private static long stepOf(Path checkpoint) {
        Matcher m = NAME.matcher(checkpoint.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalStateException("not a checkpoint directory name: " + checkpoint);
        }
        return Long.parseLong(m.group(1));
    }

    private void publish(Path temp, Path target) throws IOException {
        Path displaced = null;
        if (Files.exists(target)) {
            // a rename cannot replace a non-empty directory: move the old one aside first
            displaced = dir.resolve(TEMP_PREFIX + "old-" + target.getFileName() + "-" + UUID.randomUUID());
            move(target, displaced);
        }
        move(temp, target);
        syncDirectory(dir);
        if (displaced != null) {
            deleteQuietly(displaced);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new CheckpointException("file system of " + to.getParent() + " cannot rename atomically", e);
        }
    }

    private void prune() {
        List<Path> all = new ArrayList<>(list());
        all.sort(Comparator.comparingLong(CheckpointStore::stepOf).reversed());
        for (int i = keep; i < all.size(); i++) {
            deleteQuietly(all.get(i));
        }
    }

    private static String writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        return Sha256.hex(bytes);
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems refuse to open directories; the rename itself is still atomic there
        }
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover old checkpoint or temp directory is harmless: latest() ignores temp names
        }
    }
}
