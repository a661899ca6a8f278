package dev.petal.study;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive claim on a trial, held as an OS file lock on {@code trials/ID/lock}: two runners (threads,
 * processes, or Slurm tasks on a shared file system with POSIX locks) never run the same trial at once, and a
 * killed runner's claim disappears with its process, so the trial can simply be run again.
 */
public final class TrialLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private TrialLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or null when another runner holds it. */
    public static TrialLock tryAcquire(Path trialDir) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(trialDir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                return null;
            }
            return new TrialLock(ch, l);
        } catch (OverlappingFileLockException e) { // held by this JVM
            close(ch);
            return null;
        } catch (IOException e) {
            close(ch);
            throw new UncheckedIOException("cannot lock " + trialDir.resolve("lock") + ": " + e.getMessage(), e);
        }
    }

    /** Whether some process currently holds the trial's lock. */
    static boolean isHeld(Path trialDir) {
        if (!trialDir.resolve("lock").toFile().exists()) return false;
        TrialLock l = tryAcquire(trialDir);
        if (l == null) return true;
        l.close();
        return false;
    }

    private static void close(FileChannel ch) {
        try {
            if (ch != null) ch.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // released with the channel below
        }
        close(channel);
    }
}
