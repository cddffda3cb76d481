package dev.gantry.actions.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A readers-writer lock over a cache folder that holds across processes (an OS file lock on {@code .lock}) and
 * across threads of this process (file locks are per process, so threads share one shared file lock).
 *
 * <p>Restores and saves hold it shared: they only add immutable objects and rename manifests into place, which is
 * safe concurrently. Eviction, removal and pruning hold it exclusively, so they never delete an object that a save
 * in progress is about to reference, nor one that a restore is reading. Use one instance per cache folder per
 * process.
 */
final class CacheLock {
    private final Path file;
    private final ReentrantReadWriteLock threads = new ReentrantReadWriteLock();
    private final Object sharedGuard = new Object();
    private int sharedHolders;
    private FileChannel sharedChannel;

    CacheLock(Path file) {
        this.file = file;
    }

    /** A held lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    Held shared() throws IOException {
        threads.readLock().lock();
        try {
            synchronized (sharedGuard) {
                if (sharedHolders == 0) {
                    FileChannel ch = open();
                    try {
                        ch.lock(0, Long.MAX_VALUE, true);
                    } catch (IOException | RuntimeException e) {
                        ch.close();
                        throw e;
                    }
                    sharedChannel = ch;
                }
                sharedHolders++;
            }
        } catch (IOException | RuntimeException e) {
            threads.readLock().unlock();
            throw e;
        }
        return () -> {
            try {
                synchronized (sharedGuard) {
                    if (--sharedHolders == 0) {
                        sharedChannel.close(); // releases the file lock
                        sharedChannel = null;
                    }
                }
            } finally {
                threads.readLock().unlock();
            }
        };
    }

    Held exclusive() throws IOException {
        threads.writeLock().lock();
        FileChannel ch;
        try {
            ch = open();
            try {
                ch.lock(0, Long.MAX_VALUE, false);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            threads.writeLock().unlock();
            throw e;
        }
        return release(ch);
    }

    /** The exclusive lock if nobody holds the folder now; empty otherwise (never waits). */
    Optional<Held> tryExclusive() throws IOException {
        if (!threads.writeLock().tryLock()) {
            return Optional.empty();
        }
        FileChannel ch = null;
        try {
            ch = open();
            FileLock l = ch.tryLock(0, Long.MAX_VALUE, false);
            if (l == null) {
                ch.close();
                threads.writeLock().unlock();
                return Optional.empty();
            }
            return Optional.of(release(ch));
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            threads.writeLock().unlock();
            throw e;
        }
    }

    private Held release(FileChannel ch) {
        return () -> {
            try {
                ch.close();
            } finally {
                threads.writeLock().unlock();
            }
        };
    }

    private FileChannel open() throws IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
}
