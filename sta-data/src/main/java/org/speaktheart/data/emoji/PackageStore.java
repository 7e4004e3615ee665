package org.speaktheart.data.emoji;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.speaktheart.data.DataException;
import org.speaktheart.data.tts.ProcessRunner;

/**
 * A cache of the emoji packages' files. Layout: {@code <dir>/<tarball>.tgz} as written by
 * {@code npm pack}, and {@code <dir>/<unpacked-name>/package/...} holding only the files asked for.
 * Files are fetched ({@code npm pack NAME@VERSION}) and unpacked only when missing, so repeated
 * builds touch neither the network nor the tarballs. A store without fetching (e.g. a test
 * fixture) serves what is on disk and says which file is missing otherwise.
 */
public final class PackageStore {
    private final Path dir;
    private final boolean fetch;
    private final ProcessRunner runner;

    /**
     * @param dir cache directory
     * @param fetch whether missing tarballs may be fetched with {@code npm pack}
     * @param runner runs {@code npm} (its timeout bounds the download)
     */
    public PackageStore(Path dir, boolean fetch, ProcessRunner runner) {
        this.dir = dir.toAbsolutePath();
        this.fetch = fetch;
        this.runner = runner;
    }

    /** @return the cache directory */
    public Path directory() {
        return dir;
    }

    /**
     * @param p package
     * @param rel path inside the package, e.g. {@code img/google/64/1f34e.png}
     * @return where the unpacked file lives (it may not exist yet)
     */
    public Path file(EmojiPackage p, String rel) {
        return dir.resolve(p.unpackedName()).resolve("package").resolve(rel);
    }

    /**
     * @param p package
     * @param rel path inside the package
     * @return whether the file is unpacked, or can be unpacked from a cached tarball
     */
    public boolean isPresent(EmojiPackage p, String rel) {
        return Files.isRegularFile(file(p, rel));
    }

    /**
     * Unpacks the files that are missing when the package tarball is already cached; never
     * fetches and never fails for absent files (for optional files such as licences).
     *
     * @param p package
     * @param rels paths inside the package
     */
    public void unpackIfCached(EmojiPackage p, Collection<String> rels) {
        Set<String> missing = rels.stream().filter(r -> !isPresent(p, r)).map(r -> "package/" + r).collect(Collectors.toCollection(TreeSet::new));
        Path tgz = dir.resolve(p.tarballName());
        if (!missing.isEmpty() && Files.isRegularFile(tgz)) {
            TarGz.extract(tgz, missing, dir.resolve(p.unpackedName()));
        }
    }

    /**
     * Makes sure the files are unpacked, fetching and unpacking as needed. Files absent from the
     * package itself are not an error here (use {@link #isPresent}).
     *
     * @param p package
     * @param rels paths inside the package
     * @throws DataException when files are missing, no tarball is cached and fetching is off
     */
    public void require(EmojiPackage p, Collection<String> rels) {
        Set<String> missing = rels.stream().filter(r -> !isPresent(p, r)).map(r -> "package/" + r).collect(Collectors.toCollection(TreeSet::new));
        if (missing.isEmpty()) {
            return;
        }
        Path tgz = dir.resolve(p.tarballName());
        if (!Files.isRegularFile(tgz)) {
            if (!fetch) {
                throw new DataException("package file " + file(p, missing.iterator().next().substring(8)) + " is missing (" + missing.size()
                        + " missing) and no tarball " + tgz + " is cached; fetching is off. Enable fetching or run: npm pack " + p.spec()
                        + " --pack-destination " + dir);
            }
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new DataException("cannot create cache directory " + dir + ": " + e.getMessage(), e);
            }
            runner.run(List.of("npm", "pack", p.spec(), "--silent", "--pack-destination", dir.toString()), null);
            if (!Files.isRegularFile(tgz)) {
                throw new DataException("npm pack " + p.spec() + " did not write " + tgz);
            }
        }
        TarGz.extract(tgz, missing, dir.resolve(p.unpackedName()));
    }
}
