package dev.orch.engine.state;

import dev.orch.engine.OrchException;
import dev.orch.engine.OrchFailure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code orch.lock}: an OS file lock held while a goal runs, so a second run or resume on the same project is
 * refused. The OS releases it when the process dies, even by kill -9, so a crash never leaves it stuck.
 */
public final class ProjectLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ProjectLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static Path file(Path stateDirectory) {
        return stateDirectory.resolve("orch.lock");
    }

    public static ProjectLock acquire(Path stateDirectory, String goal) {
        Path file = file(stateDirectory);
        try {
            Files.createDirectories(stateDirectory);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new OrchException("Another Orch goal is running on this project (" + holder + "). Wait for it"
                        + " to finish, watch it with `mvn orch:status`, or stop it with `mvn orch:abort`.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " " + goal + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            return new ProjectLock(channel, lock);
        } catch (IOException e) {
            throw new OrchFailure("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** True when some process holds the lock (used by abort to wait for a running goal). */
    public static boolean held(Path stateDirectory) {
        Path file = file(stateDirectory);
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(200);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "unknown process" : text;
        } catch (IOException e) {
            return "unknown process";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS releases the lock with the channel anyway
        }
    }
}
