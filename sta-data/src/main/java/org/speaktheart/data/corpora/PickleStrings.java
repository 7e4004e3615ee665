package org.speaktheart.data.corpora;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Python pickle that holds one flat list of strings, such as StackGAN's
 * {@code filenames.pickle}. Supports protocols 0 to 5 for exactly this shape (lists, marks, memo
 * operations, text and byte strings, frames); anything else is rejected with the opcode found, since
 * a general unpickler would execute arbitrary constructors.
 */
public final class PickleStrings {
    private PickleStrings() { }

    /**
     * @param file the pickle file
     * @return the strings in list order
     * @throws CorpusException when the file is not a pickled list of strings
     */
    public static List<String> read(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new CorpusException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param bytes pickle bytes
     * @param name file name for messages
     * @return the strings in list order
     */
    public static List<String> parse(byte[] bytes, String name) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<String> list = null;
        List<String> pending = new ArrayList<>();
        try {
            while (b.hasRemaining()) {
                int op = b.get() & 0xff;
                switch (op) {
                    case 0x80: b.get(); break;                                  // PROTO n
                    case 0x95: b.getLong(); break;                              // FRAME len
                    case ']': list = new ArrayList<>(); break;                  // EMPTY_LIST
                    case '(': pending.clear(); break;                           // MARK
                    case 'l': list = new ArrayList<>(pending); pending.clear(); break; // LIST (protocol 0)
                    case 'q': b.get(); break;                                   // BINPUT
                    case 'r': b.getInt(); break;                                // LONG_BINPUT
                    case 0x94: break;                                           // MEMOIZE
                    case 'p': line(b); break;                                   // PUT (text)
                    case 'X': pending.add(utf8(b, b.getInt())); break;          // BINUNICODE
                    case 0x8c: pending.add(utf8(b, b.get() & 0xff)); break;     // SHORT_BINUNICODE
                    case 0x8d: pending.add(utf8(b, (int) b.getLong())); break;  // BINUNICODE8
                    case 'U': pending.add(latin1(b, b.get() & 0xff)); break;    // SHORT_BINSTRING (Python 2 str)
                    case 'T': pending.add(latin1(b, b.getInt())); break;        // BINSTRING
                    case 'C': pending.add(latin1(b, b.get() & 0xff)); break;    // SHORT_BINBYTES
                    case 'B': pending.add(latin1(b, b.getInt())); break;        // BINBYTES
                    case 'V': pending.add(unescapeUnicode(line(b))); break;     // UNICODE (text)
                    case 'S': pending.add(unquote(line(b))); break;             // STRING (text, repr)
                    case 'a': case 'e':                                         // APPEND / APPENDS
                        requireList(list, name, op);
                        list.addAll(pending);
                        pending.clear();
                        break;
                    case '.':                                                   // STOP
                        requireList(list, name, op);
                        return list;
                    default:
                        throw new CorpusException(name + ": unsupported pickle opcode 0x" + Integer.toHexString(op)
                                + " at byte " + (b.position() - 1) + "; accepted: a pickled list of strings");
                }
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new CorpusException(name + ": truncated pickle", e);
        }
        throw new CorpusException(name + ": pickle has no STOP opcode");
    }

    private static void requireList(List<String> list, String name, int op) {
        if (list == null) {
            throw new CorpusException(name + ": opcode '" + (char) op + "' before any list; accepted: a pickled list of strings");
        }
    }

    private static String utf8(ByteBuffer b, int n) {
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static String latin1(ByteBuffer b, int n) {
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.ISO_8859_1);
    }

    private static String line(ByteBuffer b) {
        StringBuilder sb = new StringBuilder();
        byte c;
        while ((c = b.get()) != '\n') {
            sb.append((char) (c & 0xff));
        }
        return sb.toString();
    }

    private static String unescapeUnicode(String raw) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 5 < raw.length() && raw.charAt(i + 1) == 'u') {
                sb.append((char) Integer.parseInt(raw.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                sb.append(c);
            }
        }
        // raw-unicode-escape: other characters are single Latin-1 bytes, already mapped one to one.
        return sb.toString();
    }

    private static String unquote(String repr) {
        if (repr.length() >= 2 && (repr.startsWith("'") || repr.startsWith("\""))) {
            return repr.substring(1, repr.length() - 1).replace("\\'", "'").replace("\\\\", "\\");
        }
        return repr;
    }
}
