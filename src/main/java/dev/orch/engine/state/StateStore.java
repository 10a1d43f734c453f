package dev.orch.engine.state;

import dev.orch.engine.OrchException;
import dev.orch.engine.OrchFailure;
import dev.orch.engine.tasks.TaskId;
import dev.orch.engine.util.Sha256;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads and writes {@code batch-state.json}. Every save is atomic (temp file, fsync, rename). A file that cannot
 * be read is never overwritten: loading it fails with the reason and the fix, and a copy is kept beside it.
 */
public final class StateStore {
    public static final String FILE_NAME = "batch-state.json";

    private final Path stateDirectory;
    private final Path file;
    private final Object snapshots = new Object();
    private final Object writes = new Object();
    private byte[] latest;
    private long latestVersion;
    private long durableVersion;

    public StateStore(Path stateDirectory) {
        this.stateDirectory = stateDirectory;
        this.file = stateDirectory.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    public Path stateDirectory() {
        return stateDirectory;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /** The recorded batch, or empty when there is none. A corrupt file is an {@link OrchException}. */
    public Optional<BatchState> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw corrupt(null, "it cannot be read: " + e.getMessage());
        }
        BatchState state;
        try {
            state = Json.mapper().readValue(bytes, BatchState.class);
        } catch (IOException | RuntimeException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines()
                    .findFirst().orElse("");
            throw corrupt(bytes, "it is not valid batch state JSON (" + detail + ")");
        }
        String problem = schemaProblem(state);
        if (problem != null) {
            throw corrupt(bytes, problem);
        }
        return Optional.of(state);
    }

    /** Saves atomically and durably. Caller holds the state's monitor. */
    public void save(BatchState state) {
        awaitDurable(snapshot(state));
    }

    /**
     * Serializes the state as it is now (caller holds the state's monitor) and returns the snapshot's version;
     * {@link #awaitDurable} then makes it durable without the monitor, so lanes do not queue behind each
     * other's fsync.
     */
    public long snapshot(BatchState state) {
        state.updatedAt = Instant.now().toString();
        state.recount();
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(state);
        } catch (IOException e) {
            throw new OrchFailure("cannot serialize the batch state: " + e.getMessage(), e);
        }
        synchronized (snapshots) {
            latest = bytes;
            return ++latestVersion;
        }
    }

    /**
     * Returns once the snapshot of that version, or a newer one (which holds its changes too), is on disk
     * (temp file, fsync, rename). Concurrent callers share one write: group commit.
     */
    public void awaitDurable(long version) {
        synchronized (writes) {
            if (durableVersion >= version) {
                return;
            }
            byte[] bytes;
            long newest;
            synchronized (snapshots) {
                bytes = latest;
                newest = latestVersion;
            }
            try {
                AtomicFiles.write(file, bytes);
            } catch (IOException e) {
                throw new OrchFailure("cannot write " + file + ": " + e.getMessage(), e);
            }
            durableVersion = newest;
            CrashPoints.afterSave();
        }
    }

    static String schemaProblem(BatchState state) {
        if (state == null) {
            return "it is empty";
        }
        if (state.schemaVersion != BatchState.SCHEMA_VERSION) {
            return "its schemaVersion is " + state.schemaVersion + ", this Orch reads " + BatchState.SCHEMA_VERSION;
        }
        if (state.batchId == null || !state.batchId.matches("[0-9]{8}-[0-9]{6}(-[0-9]+)?")) {
            return "it has no valid batchId";
        }
        if (state.phase == null || state.repoRoot == null || state.baseBranch == null
                || state.integrationBranch == null || state.tasks == null || state.lanes == null
                || state.wavePlan == null) {
            return "it lacks required fields (phase, repoRoot, baseBranch, integrationBranch, tasks, lanes, wavePlan)";
        }
        for (var entry : state.tasks.entrySet()) {
            if (!TaskId.isValid(entry.getKey()) || entry.getValue() == null
                    || !entry.getKey().equals(entry.getValue().id) || entry.getValue().status == null) {
                return "its task entry '" + entry.getKey() + "' is invalid";
            }
        }
        for (var wave : state.wavePlan) {
            for (String laneKey : wave) {
                if (!state.lanes.containsKey(laneKey)) {
                    return "its wave plan names lane " + laneKey + ", which is not recorded";
                }
            }
        }
        return null;
    }

    private OrchException corrupt(byte[] bytes, String reason) {
        String copyNote = "";
        if (bytes != null) {
            Path copy = keepCopy(bytes);
            copyNote = copy == null ? "" : " A copy is kept at " + copy + ".";
        }
        return new OrchException("The batch state " + file + " is unusable: " + reason + ". It was left unchanged."
                + copyNote + " Fix: restore it from the copy if you edited it, or run `mvn orch:abort` to clean up"
                + " the batch by its names and start again.");
    }

    /** Keeps one copy per distinct content, so repeated goals do not pile up copies. */
    private Path keepCopy(byte[] bytes) {
        try {
            String digest = Sha256.hex(bytes).substring(0, 12);
            Path copy = stateDirectory.resolve(FILE_NAME + ".unreadable-" + digest);
            if (!Files.exists(copy) || !Arrays.equals(Files.readAllBytes(copy), bytes)) {
                Files.write(copy, bytes);
            }
            return copy;
        } catch (Exception e) {
            return null;
        }
    }
}
