package dev.orch.engine.commands;

import dev.orch.engine.OrchException;
import dev.orch.engine.git.Git;

import java.nio.file.Path;

/** The precondition every goal shares: git is installed and the project lies inside a git work tree. */
public final class WorkTree {
    private WorkTree() {
    }

    /**
     * The top level of the work tree holding {@code projectDir} (the project itself or a folder above it).
     *
     * @throws OrchException when git is missing or {@code projectDir} is not inside a work tree
     */
    public static Path require(Path projectDir) {
        if (!Git.installed()) {
            throw new OrchException("git is not installed (no `git` on PATH); install git and run Orch again");
        }
        return Git.topLevel(projectDir).orElseThrow(() -> new OrchException(projectDir
                + " is not inside a git work tree; run `git init` or run Orch from inside a repository"));
    }
}
