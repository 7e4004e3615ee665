package org.speaktheart.data.emoji;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.speaktheart.data.DataException;

/**
 * Extracts chosen regular files from a gzip-compressed tar archive (the format of npm package
 * tarballs: ustar with name prefixes, GNU long names and pax path records), reading it once.
 */
final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() { }

    /**
     * @param archive the {@code .tgz}
     * @param wanted entry paths to extract (e.g. {@code package/emoji.json})
     * @param destination directory; entry {@code p} goes to {@code destination/p}
     * @return the wanted paths that were found and extracted
     */
    static Set<String> extract(Path archive, Set<String> wanted, Path destination) {
        Set<String> found = new HashSet<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (readFully(in, header)) {
                if (isZero(header)) {
                    break;
                }
                String name = text(header, 0, 100);
                String prefix = text(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                if (type == 'L' || type == 'x') {
                    byte[] data = readBytes(in, size);
                    skipPadding(in, size);
                    String s = new String(data, StandardCharsets.UTF_8);
                    longName = type == 'L' ? s.replace("\0", "") : paxPath(s);
                    continue;
                }
                if (longName != null) {
                    name = longName;
                    longName = null;
                }
                if ((type == '0' || type == '\0') && wanted.contains(name) && !name.contains("..")) {
                    Path out = destination.resolve(name);
                    Files.createDirectories(out.getParent());
                    Path tmp = Files.createTempFile(out.getParent(), ".part-", ".tmp");
                    try (OutputStream os = Files.newOutputStream(tmp)) {
                        copy(in, os, size);
                    }
                    Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    found.add(name);
                } else {
                    skip(in, size);
                }
                skipPadding(in, size);
            }
        } catch (IOException e) {
            throw new DataException("cannot read package tarball " + archive + ": " + e.getMessage(), e);
        }
        return found;
    }

    private static String paxPath(String records) {
        for (String line : records.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0 && line.startsWith("path=", sp + 1)) {
                return line.substring(sp + 6);
            }
        }
        return null;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) {
        String s = text(b, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int n = in.readNBytes(b, 0, b.length);
        if (n == 0) {
            return false;
        }
        if (n < b.length) {
            throw new IOException("truncated tar header");
        }
        return true;
    }

    private static byte[] readBytes(InputStream in, long size) throws IOException {
        byte[] b = in.readNBytes((int) size);
        if (b.length != size) {
            throw new IOException("truncated tar entry");
        }
        return b;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[8192];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("truncated tar entry");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long size) throws IOException {
        long left = size;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new IOException("truncated tar entry");
                }
                n = 1;
            }
            left -= n;
        }
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long pad = (BLOCK - size % BLOCK) % BLOCK;
        skip(in, pad);
    }
}
