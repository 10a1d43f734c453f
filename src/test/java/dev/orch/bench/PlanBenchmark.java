package dev.orch.bench;

import dev.orch.engine.planning.Plan;
import dev.orch.engine.planning.Planner;
import dev.orch.engine.planning.Strategy;
import dev.orch.engine.tasks.Backlog;
import dev.orch.engine.tasks.DependencyRef;
import dev.orch.engine.tasks.Size;
import dev.orch.engine.tasks.Task;
import dev.orch.engine.tasks.TaskId;
import dev.orch.engine.tasks.TaskSpec;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Discovery + planning on a generated backlog: by default 10,000 task folders with real {@code PROMPT.md} files
 * in 100 areas, a random DAG (each task depends on 0–3 earlier tasks), random sizes and random file scopes, some
 * of which overlap; fixed seed. Runs warm-up rounds, then measured rounds, and prints medians and peak heap.
 * Goal: at most 200 ms warm for discovery + planning of 10,000 tasks, within 512 MB of heap.
 *
 * <p>Run it in its own JVM (the figures then hold only the benchmark):
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
 * java -Xmx512m -cp target/classes:target/test-classes:$(cat target/bench.cp) dev.orch.bench.PlanBenchmark
 * </pre>
 * or inside Maven's JVM (heap figures then include Maven's own):
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=dev.orch.bench.PlanBenchmark -Dexec.classpathScope=test
 * </pre>
 * Options (as program arguments, or {@code -Dexec.args="..."}): {@code --tasks=10000 --areas=100 --warmup=5
 * --runs=10 --lanes=3 --strategy=affinity-first --seed=42}.
 *
 * <p>Discovery is {@code dev.orch.engine.tasks.BacklogScanner.discover(Path, List<String>)}, called reflectively so
 * this class compiles before discovery exists; without it the benchmark times planning alone, on the same tasks
 * built in memory, and says so.
 */
public final class PlanBenchmark {

    private PlanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Random random = new Random(options.seed);
        List<GeneratedTask> generated = generate(random, options.tasks, options.areas);
        Path directory = Files.createTempDirectory("orch-plan-bench");
        try {
            long writeStart = System.nanoTime();
            writeFolders(directory, generated);
            System.out.printf(Locale.ROOT, "Generated %,d task folders in %d areas under %s (%d ms)%n",
                    generated.size(), options.areas, directory, millis(System.nanoTime() - writeStart));
            Discovery discovery = Discovery.find();
            List<Task> inMemory = discovery == null ? toTasks(directory, generated) : null;
            if (discovery == null) {
                System.out.println("BacklogScanner.discover not on the classpath: timing planning alone, "
                        + "on the same tasks built in memory.");
            }

            for (int i = 0; i < options.warmup; i++) {
                runOnce(discovery, directory, inMemory, options);
            }
            System.gc();
            resetPeaks();
            long[] discoveryTimes = new long[options.runs];
            long[] planningTimes = new long[options.runs];
            long[] totalTimes = new long[options.runs];
            long[] planningCpuTimes = new long[options.runs];
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Plan plan = null;
            for (int i = 0; i < options.runs; i++) {
                long start = System.nanoTime();
                List<Task> pending = discovery == null ? inMemory : discovery.pending(directory);
                long discovered = System.nanoTime();
                long cpuBefore = threads.getCurrentThreadCpuTime();
                plan = Planner.plan(pending, options.lanes, options.strategy);
                planningCpuTimes[i] = threads.getCurrentThreadCpuTime() - cpuBefore;
                long planned = System.nanoTime();
                discoveryTimes[i] = discovered - start;
                planningTimes[i] = planned - discovered;
                totalTimes[i] = planned - start;
            }
            long peakHeap = peakHeapBytes();

            System.out.printf(Locale.ROOT, "tasks planned:        %,d (%d waves, estimate %d units, "
                            + "critical path %d units, strategy %s, maxLanes %d)%n",
                    plan.tasks().size(), plan.waves().size(), plan.estimate(), plan.criticalPathWeight(),
                    options.strategy.label(), options.lanes);
            System.out.printf(Locale.ROOT, "runs:                 %d warm-up, %d measured%n",
                    options.warmup, options.runs);
            System.out.printf(Locale.ROOT, "discovery median:     %s%n",
                    discovery == null ? "n/a (not available)" : median(discoveryTimes) + " ms");
            System.out.printf(Locale.ROOT, "planning median:      %s ms (CPU time of the planning thread: %s ms; "
                    + "the gap is other load on the machine)%n", median(planningTimes), median(planningCpuTimes));
            System.out.printf(Locale.ROOT, "total median:         %s ms%n", median(totalTimes));
            System.out.printf(Locale.ROOT, "peak heap:            %d MB (sum of heap pool peaks while measuring; "
                    + "max heap %d MB)%n", peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
        } finally {
            deleteTree(directory);
        }
    }

    private static void runOnce(Discovery discovery, Path directory, List<Task> inMemory, Options options)
            throws Exception {
        List<Task> pending = discovery == null ? inMemory : discovery.pending(directory);
        Plan plan = Planner.plan(pending, options.lanes, options.strategy);
        if (plan.tasks().size() != options.tasks) {
            throw new IllegalStateException("planned " + plan.tasks().size() + " tasks, generated " + options.tasks);
        }
    }

    // ---- the generated backlog ------------------------------------------------------------------------------

    record GeneratedTask(String id, String area, String folder, Size size, List<String> dependencies,
                         List<String> dependencyAreas, List<String> fileScope) {
    }

    /** Tasks in creation order; a task depends only on earlier ones, so the graph is a DAG. */
    static List<GeneratedTask> generate(Random random, int count, int areas) {
        List<GeneratedTask> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int area = random.nextInt(areas);
            String id = String.format(Locale.ROOT, "AR%03d-%05d", area, i);
            TreeSet<Integer> earlier = new TreeSet<>();
            int dependencyCount = i == 0 ? 0 : random.nextInt(4);
            for (int d = 0; d < dependencyCount; d++) {
                earlier.add(random.nextInt(i));
            }
            List<String> dependencies = new ArrayList<>();
            List<String> dependencyAreas = new ArrayList<>();
            for (int index : earlier) {
                dependencies.add(tasks.get(index).id());
                dependencyAreas.add(tasks.get(index).area());
            }
            int scopeEntries = random.nextInt(4);
            List<String> scope = new ArrayList<>();
            for (int e = 0; e < scopeEntries; e++) {
                scope.add(randomScope(random));
            }
            tasks.add(new GeneratedTask(id, areaName(area), id + "-generated-task", Size.values()[random.nextInt(3)],
                    dependencies, dependencyAreas, scope));
        }
        return tasks;
    }

    /** Mostly files and package folders, so overlap groups stay small; module folders and globs join more. */
    private static String randomScope(Random random) {
        String module = "src/main/java/mod" + random.nextInt(2000);
        int roll = random.nextInt(100);
        if (roll < 55) {
            return module + "/pkg" + random.nextInt(10) + "/File" + random.nextInt(20) + ".java";
        } else if (roll < 90) {
            return module + "/pkg" + random.nextInt(10) + "/";
        } else if (roll < 97) {
            return module + "/";
        }
        return module + "/**/*.java";
    }

    private static String areaName(int area) {
        return String.format(Locale.ROOT, "area%03d", area);
    }

    static void writeFolders(Path directory, List<GeneratedTask> tasks) throws IOException {
        for (GeneratedTask task : tasks) {
            Path folder = directory.resolve(task.area()).resolve(task.folder());
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("PROMPT.md"), prompt(task));
        }
    }

    private static String prompt(GeneratedTask task) {
        StringBuilder text = new StringBuilder()
                .append("# Task: ").append(task.id()).append(" — Generated task ").append(task.id()).append("\n\n")
                .append("**Size:** ").append(task.size()).append("\n\n")
                .append("## Mission\n\nChange the code under the file scope; this text pads the prompt to a "
                        + "realistic length so discovery reads what it would read in a real backlog.\n\n")
                .append("## Dependencies\n\n");
        if (task.dependencies().isEmpty()) {
            text.append("- None\n");
        }
        for (int d = 0; d < task.dependencies().size(); d++) {
            // every third dependency is area-qualified, as users write them across areas
            String qualifier = d % 3 == 2 ? task.dependencyAreas().get(d) + "/" : "";
            text.append("- ").append(qualifier).append(task.dependencies().get(d)).append('\n');
        }
        text.append("\n## File Scope\n\n");
        for (String entry : task.fileScope()) {
            text.append("- `").append(entry).append("`\n");
        }
        text.append("\n## Steps\n\n- [ ] Step 1: read the code\n- [ ] Step 2: change it\n- [ ] Step 3: test it\n");
        return text.toString();
    }

    /** The tasks discovery would return, built directly (scope normalized as discovery does). */
    static List<Task> toTasks(Path directory, List<GeneratedTask> generated) {
        List<Task> tasks = new ArrayList<>(generated.size());
        for (GeneratedTask task : generated) {
            List<String> scope = task.fileScope().stream()
                    .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).toList();
            List<TaskId> dependencies = task.dependencies().stream().map(TaskId::new).toList();
            TaskSpec spec = new TaskSpec(new TaskId(task.id()), "Generated task " + task.id(), task.area(),
                    directory.resolve(task.area()).resolve(task.folder()), task.size(),
                    task.dependencies().stream().map(d -> new DependencyRef(null, d)).toList(), scope, null,
                    false, false);
            tasks.add(new Task(spec, dependencies));
        }
        return tasks;
    }

    // ---- discovery, found reflectively -----------------------------------------------------------------------

    private static final class Discovery {
        private final Method discover;
        private final Object scanner;

        private Discovery(Method discover, Object scanner) {
            this.discover = discover;
            this.scanner = scanner;
        }

        static Discovery find() throws ReflectiveOperationException {
            Class<?> type;
            try {
                type = Class.forName("dev.orch.engine.tasks.BacklogScanner");
            } catch (ClassNotFoundException e) {
                return null;
            }
            Method discover = type.getMethod("discover", Path.class, List.class);
            Object scanner = Modifier.isStatic(discover.getModifiers()) ? null
                    : type.getDeclaredConstructor().newInstance();
            return new Discovery(discover, scanner);
        }

        List<Task> pending(Path directory) throws Exception {
            Backlog backlog;
            try {
                backlog = (Backlog) discover.invoke(scanner, directory, List.of());
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            if (!backlog.valid()) {
                throw new IllegalStateException("discovery found " + backlog.problems().size()
                        + " problems in the generated backlog, first: " + backlog.problems().get(0));
            }
            return backlog.pending();
        }
    }

    // ---- measuring -------------------------------------------------------------------------------------------

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of each heap pool's peak: an upper bound of the heap in use at any one moment. */
    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static String median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return String.format(Locale.ROOT, "%.1f", median / 1_000_000.0);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private record Options(int tasks, int areas, int warmup, int runs, int lanes, Strategy strategy, long seed) {
        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            for (String arg : args) {
                String[] pair = arg.replaceFirst("^--", "").split("=", 2);
                if (pair.length != 2) {
                    throw new IllegalArgumentException("expected --name=value, got " + arg);
                }
                values.put(pair[0], pair[1]);
            }
            Options options = new Options(
                    Integer.parseInt(values.getOrDefault("tasks", "10000")),
                    Integer.parseInt(values.getOrDefault("areas", "100")),
                    Integer.parseInt(values.getOrDefault("warmup", "5")),
                    Integer.parseInt(values.getOrDefault("runs", "10")),
                    Integer.parseInt(values.getOrDefault("lanes", "3")),
                    Strategy.parse(values.getOrDefault("strategy", "affinity-first")),
                    Long.parseLong(values.getOrDefault("seed", "42")));
            values.keySet().removeAll(List.of("tasks", "areas", "warmup", "runs", "lanes", "strategy", "seed"));
            if (!values.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + values.keySet());
            }
            return options;
        }
    }
}
