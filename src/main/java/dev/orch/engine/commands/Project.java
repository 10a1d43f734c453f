package dev.orch.engine.commands;

import dev.orch.engine.OrchConfig;
import dev.orch.engine.OrchException;
import dev.orch.engine.git.Git;
import dev.orch.engine.util.ProcessResult;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The project as git sees it: the repository's top level and the project's folder inside it. Paths are real
 * paths (symlinks resolved) because git reports them that way.
 */
public record Project(Path repoRoot, String projectPath, Git git) {

    public static Project locate(OrchConfig config) {
        Path top = WorkTree.require(config.projectDir());
        Path root = real(top);
        Path project = real(config.projectDir());
        String relative = project.startsWith(root) ? root.relativize(project).toString() : "";
        return new Project(root, relative, new Git(root));
    }

    public Path projectDir() {
        return projectPath.isEmpty() ? repoRoot : repoRoot.resolve(projectPath);
    }

    /** The checked-out branch; a detached HEAD or a repository without commits is refused. */
    public String currentBranch() {
        ProcessResult head = git.run("rev-parse", "--verify", "-q", "HEAD");
        if (!head.ok()) {
            throw new OrchException("The repository has no commits yet; commit your project first (git add -A &&"
                    + " git commit -m 'initial'), then run Orch.");
        }
        ProcessResult branch = git.run("symbolic-ref", "-q", "--short", "HEAD");
        if (!branch.ok()) {
            throw new OrchException("HEAD is detached; check out the branch the batch should start from"
                    + " (git checkout <branch>), then run Orch.");
        }
        return branch.stdout().strip();
    }

    public String relativeToRepo(Path path) {
        Path real = real(path);
        return real.startsWith(repoRoot) ? repoRoot.relativize(real).toString() : real.toString();
    }

    static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
