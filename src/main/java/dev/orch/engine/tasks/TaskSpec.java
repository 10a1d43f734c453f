package dev.orch.engine.tasks;

import java.nio.file.Path;
import java.util.List;

/**
 * One discovered task folder.
 *
 * @param id           the task ID
 * @param name         human title (falls back to the folder name)
 * @param area         the area the task belongs to
 * @param folder       absolute path of the task folder
 * @param size         declared size
 * @param dependencies dependencies as written
 * @param fileScope    normalized file scope entries
 * @param model        model hint or null
 * @param complete     true when the folder holds .DONE
 * @param archived     true when the task sits under an archive/ folder
 */
public record TaskSpec(TaskId id, String name, String area, Path folder, Size size,
                       List<DependencyRef> dependencies, List<String> fileScope, String model,
                       boolean complete, boolean archived) {

    public Path promptFile() {
        return folder.resolve("PROMPT.md");
    }
}
