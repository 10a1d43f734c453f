package dev.orch.engine.tasks;

import java.nio.file.Path;
import java.util.List;

/**
 * The validated result of discovery: the pending tasks of the selected areas, with dependencies resolved,
 * or the list of every problem found.
 *
 * @param tasksDirectory the scanned directory
 * @param all            every task found, complete and archived included
 * @param pending        pending tasks of the selected areas, sorted by ID, dependencies resolved
 * @param problems       every problem found; when non-empty, {@code pending} must not be run
 */
public record Backlog(Path tasksDirectory, List<TaskSpec> all, List<Task> pending, List<Problem> problems) {
    public boolean valid() {
        return problems.isEmpty();
    }
}
