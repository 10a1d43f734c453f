package dev.orch.engine.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Discovery timing on a generated backlog (not a test: surefire does not pick it up).
 *
 * <pre>
 * mvn -q test-compile
 * java -cp target/classes:target/test-classes dev.orch.engine.tasks.DiscoveryBenchmark [dir] [areas] [tasksPerArea]
 * </pre>
 * Generates {@code areas x tasksPerArea} taskplane-sized PROMPT.md files (default 100 x 100) under {@code dir}
 * (default a temp folder) unless they are already there, then prints cold and warm discovery times.
 */
public final class DiscoveryBenchmark {

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("orch-bench");
        int areas = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int perArea = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path tasks = dir.resolve("tasks");
        if (!Files.isDirectory(tasks)) {
            generate(tasks, areas, perArea);
        }

        long start = System.nanoTime();
        Backlog first = BacklogScanner.discover(tasks, List.of());
        long cold = System.nanoTime() - start;
        System.out.printf("tasks found: %d, pending: %d, problems: %d%n", first.all().size(), first.pending().size(),
                first.problems().size());
        first.problems().stream().limit(5).forEach(p -> System.out.println("  " + p.render(dir)));
        System.out.printf("first run: %.1f ms%n", cold / 1e6);

        int runs = 30;
        double[] millis = new double[runs];
        long cpuBefore = processCpuNanos();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            BacklogScanner.discover(tasks, List.of());
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        double cpuPerRun = (processCpuNanos() - cpuBefore) / 1e6 / runs;
        Arrays.sort(millis);
        System.out.printf("warm (%d runs): min %.1f ms, median %.1f ms, max %.1f ms (processors: %d)%n", runs,
                millis[0], millis[runs / 2], millis[runs - 1], Runtime.getRuntime().availableProcessors());
        // CPU time does not depend on what else the machine is doing: wall time on an idle machine is about
        // this divided by the processors used.
        System.out.printf("process CPU per run (user+sys, all threads, GC included): %.1f ms%n", cpuPerRun);
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
    }

    /** Areas a0..aN; in each, a chain of dependencies, one cross-area dependency, some done and archived tasks. */
    static void generate(Path tasks, int areas, int perArea) throws IOException {
        String filler = "Lorem ipsum dolor sit amet, keep UTF-8 and RFC-7231 in mind while doing the work.\n".repeat(30);
        for (int a = 0; a < areas; a++) {
            String prefix = "AR" + a;
            for (int t = 1; t <= perArea; t++) {
                String id = prefix + "-" + String.format("%03d", t);
                boolean archived = t <= perArea / 10;
                Path folder = tasks.resolve("area" + a).resolve(archived ? "archive" : "")
                        .resolve(id + "-generated-task");
                Files.createDirectories(folder);
                StringBuilder deps = new StringBuilder();
                if (t > 1) {
                    deps.append("- ").append(prefix).append('-').append(String.format("%03d", t - 1))
                            .append(" (previous step)\n");
                }
                if (a > 0 && t == perArea / 2) {
                    deps.append("- area").append(a - 1).append("/AR").append(a - 1).append("-001\n");
                }
                if (deps.length() == 0) {
                    deps.append("- **None**\n");
                }
                String md = "# Task: " + id + " — Generated task " + t + " of area " + a + "\n\n"
                        + "**Created:** 2026-11-21\n**Size:** " + "SML".charAt(t % 3) + "\n\n## Review Level: 1\n\n"
                        + "## Mission\n\n" + filler + "\n## Dependencies\n\n" + deps
                        + "\n## Context to Read First\n\n- `docs/architecture.md`\n\n## File Scope\n\n"
                        + "- `src/area" + a + "/module" + (t % 7) + "/`\n- `src/shared/File" + t + ".java`\n\n"
                        + "## Steps\n\n### Step 0: Implement\n\n- [ ] Do it\n- [ ] Test it\n\n```bash\n# run tests\nmvn test\n```\n\n"
                        + "## Completion Criteria\n\n- [ ] All tests pass\n\n---\n\n## Amendments\n";
                Files.writeString(folder.resolve("PROMPT.md"), md);
                if (archived || t <= perArea / 5) {
                    Files.writeString(folder.resolve(".DONE"), "");
                }
            }
        }
    }
}
