package dev.orch.bench;

import dev.orch.engine.OrchConfig;
import dev.orch.engine.commands.RunCommand;
import dev.orch.testing.TestRepo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What keeping the reports current costs a real batch: runs a batch of {@code --tasks} fake-agent tasks (each
 * sleeping {@code --sleep} seconds and reporting usage) in a temporary repository with the process driver, and
 * prints the batch's wall time next to the number of report writes and the time they took (on the background
 * writer thread, plus the synchronous final write).
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
 * java -cp target/classes:target/test-classes:$(cat target/bench.cp) dev.orch.bench.ReportsBenchmark --tasks=12
 * </pre>
 * (git must run hermetically: {@code GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1}.)
 */
public final class ReportsBenchmark {
    private ReportsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tasks = 12;
        String sleep = "0.3";
        for (String arg : args) {
            if (arg.startsWith("--tasks=")) {
                tasks = Integer.parseInt(arg.substring(8));
            } else if (arg.startsWith("--sleep=")) {
                sleep = arg.substring(8);
            }
        }
        System.setProperty("orch.reports.stats", "true");
        Path temp = Files.createTempDirectory("orch-reports-bench");
        TestRepo repo = new TestRepo(temp);
        int perWave = Math.max(1, tasks / 3);
        for (int i = 1; i <= tasks; i++) {
            int wave = (i - 1) / perWave;
            String dependency = wave == 0 ? null : "T-" + (i - perWave);
            if (dependency == null) {
                repo.task("area" + (i % 3), "T-" + i);
            } else {
                repo.task("area" + (i % 3), "T-" + i, dependency);
            }
            repo.behave("T-" + i, "sleep:" + sleep);
        }
        repo.commitAll("tasks");
        OrchConfig c = repo.config();
        OrchConfig config = new OrchConfig(c.projectDir(), c.tasksDirectory(), c.areas(), c.maxLanes(), c.strategy(),
                c.agentCommand(), "process", c.maxRetries(), c.taskTimeoutMinutes(), c.stallTimeoutMinutes(),
                c.onTaskFailure(), c.onMergeFailure(), c.mergeOrder(), c.verifyCommand(), c.mergeAgentCommand(),
                c.integration(), c.worktreeDirectory(), c.stateDirectory());
        long started = System.nanoTime();
        new RunCommand(config, repo.console()).run();
        double wallMillis = (System.nanoTime() - started) / 1e6;
        String stats = repo.consoleLines.stream().filter(l -> l.startsWith("[orch] reports: ")).findFirst()
                .orElse("[orch] reports: (no figures)");
        System.out.printf(Locale.ROOT, "batch of %d tasks: %.0f ms wall; %s%n", tasks, wallMillis,
                stats.substring("[orch] ".length()));
    }
}
