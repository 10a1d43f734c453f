package dev.orch.engine.running;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Why a running batch should stop starting new work: Ctrl-C (pause), an abort requested from another terminal
 * (a request file that orch:abort writes), or the stop-all failure policy.
 */
public final class StopSignal {
    private final Path abortRequestFile;
    private volatile boolean pause;
    private volatile boolean abort;
    private volatile String stopAllReason;
    private volatile long lastFileCheck;
    /** Requests older than this were left by an abort that died; they are not for us. */
    private final long honourRequestsSince = System.currentTimeMillis() - 60_000;

    public StopSignal(Path abortRequestFile) {
        this.abortRequestFile = abortRequestFile;
    }

    public static Path abortRequestFile(Path stateDirectory) {
        return stateDirectory.resolve("abort.request");
    }

    public void requestPause() {
        pause = true;
    }

    public void requestStopAll(String reason) {
        if (stopAllReason == null) {
            stopAllReason = reason;
        }
    }

    public boolean pauseRequested() {
        return pause;
    }

    public String stopAllReason() {
        return stopAllReason;
    }

    /** Checks the request file at most every 200 ms; cheap to call in poll loops. */
    public boolean abortRequested() {
        if (!abort) {
            long now = System.nanoTime();
            if (now - lastFileCheck > 200_000_000L) {
                lastFileCheck = now;
                try {
                    abort = Files.exists(abortRequestFile)
                            && Files.getLastModifiedTime(abortRequestFile).toMillis() >= honourRequestsSince;
                } catch (java.io.IOException e) {
                    abort = false;
                }
            }
        }
        return abort;
    }

    /** Pause or abort: leave running agents alone, start nothing new, return. */
    public boolean interrupted() {
        return pause || abortRequested();
    }
}
