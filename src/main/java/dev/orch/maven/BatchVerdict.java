package dev.orch.maven;

import dev.orch.engine.Console;
import dev.orch.engine.OrchException;
import dev.orch.engine.running.BatchOutcome;

/** Turns how a batch ended into the build's verdict (failOnTaskFailure decides whether failures fail the build). */
final class BatchVerdict {
    private BatchVerdict() {
    }

    static void apply(BatchOutcome outcome, boolean failOnTaskFailure, Console console) {
        if (!outcome.unsuccessful()) {
            console.info(outcome.message());
            return;
        }
        StringBuilder message = new StringBuilder(outcome.message());
        if (!outcome.failed().isEmpty()) {
            message.append(System.lineSeparator()).append("Failed: ").append(String.join("; ", outcome.failed()));
        }
        if (!outcome.blocked().isEmpty()) {
            message.append(System.lineSeparator()).append("Blocked or skipped: ")
                    .append(String.join("; ", outcome.blocked()));
        }
        if (failOnTaskFailure) {
            throw new OrchException(message.toString());
        }
        console.warn(message + System.lineSeparator() + "(the build stays green: failOnTaskFailure=false)");
    }
}
