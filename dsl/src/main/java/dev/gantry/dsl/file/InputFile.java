package dev.gantry.dsl.file;

import dev.gantry.engine.diagnostic.SourcePosition;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way Gantry reads a file a user gave it (workflow files, {@code .groovy} scripts, {@code gantry.yaml},
 * {@code --secrets-file}, the lines quoted under a diagnostic): the path must lead (through symbolic links) to a
 * regular file, and at most {@code maxBytes} are read, so that a FIFO, {@code /dev/zero}, a directory or a huge file
 * is refused with one message instead of hanging or exhausting memory.
 *
 * @param path     the file
 * @param maxBytes the most bytes read; a larger file is refused with {@link UnreadableFile.Reason#TOO_LARGE}
 */
public record InputFile(Path path, long maxBytes) {
    /** The service's limit on a workflow file (256 KB), used for workflow files, scripts and configuration. */
    public static final int WORKFLOW_MAX_BYTES = 256 * 1024;

    /** The file's bytes; never more than {@link #maxBytes}. */
    public byte[] bytes() throws UnreadableFile {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new UnreadableFile(UnreadableFile.Reason.MISSING, "no such file", -1);
        } catch (AccessDeniedException e) {
            throw new UnreadableFile(UnreadableFile.Reason.DENIED, "permission denied", -1);
        } catch (IOException | SecurityException e) {
            throw new UnreadableFile(UnreadableFile.Reason.IO, "cannot read the file: " + e.getMessage(), -1);
        }
        if (!attributes.isRegularFile()) {
            throw new UnreadableFile(UnreadableFile.Reason.NOT_REGULAR, "not a regular file (" + kind(attributes)
                    + "); Gantry reads only regular files", -1);
        }
        if (attributes.size() > maxBytes) {
            throw tooLarge(attributes.size());
        }
        // The size can lie (a file under /proc, a file that grows while read): read at most one byte more.
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxBytes) {
                throw tooLarge(bytes.length);
            }
            return bytes;
        } catch (AccessDeniedException e) {
            throw new UnreadableFile(UnreadableFile.Reason.DENIED, "permission denied", -1);
        } catch (IOException | SecurityException e) {
            throw new UnreadableFile(UnreadableFile.Reason.IO, "cannot read the file: " + e.getMessage(), -1);
        }
    }

    /** The file as strict UTF-8 text; a bad byte sequence is refused with its line and column. */
    public String utf8() throws UnreadableFile {
        return decode(bytes());
    }

    /** Decodes strict UTF-8; a bad byte sequence is refused with its line and column. */
    public static String decode(byte[] bytes) throws UnreadableFile {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer chars = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, chars, true);
        if (result.isError()) {
            chars.flip();
            SourcePosition at = LineColumns.of(chars.toString()).endPosition();
            throw new UnreadableFile(UnreadableFile.Reason.ENCODING, "the file is not valid UTF-8 (byte 0x"
                    + String.format("%02X", bytes[in.position()] & 0xFF) + "); save it as UTF-8", -1, at);
        }
        decoder.flush(chars);
        chars.flip();
        return chars.toString();
    }

    private UnreadableFile tooLarge(long size) {
        return new UnreadableFile(UnreadableFile.Reason.TOO_LARGE, "the file is " + kilobytes(size)
                + "; Gantry reads at most " + kilobytes(maxBytes) + " from it", size);
    }

    /** A size as people write it: {@code 300 KB}, {@code 2 MB}. */
    public static String kilobytes(long bytes) {
        long kb = (bytes + 1023) / 1024;
        return kb >= 10 * 1024 && kb % 1024 == 0 ? kb / 1024 + " MB" : kb + " KB";
    }

    private static String kind(BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        return attributes.isOther() ? "a device, FIFO or socket" : "not a file";
    }
}
