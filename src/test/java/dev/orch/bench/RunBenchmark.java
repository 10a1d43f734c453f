package dev.orch.bench;

import dev.orch.engine.OrchConfig;
import dev.orch.engine.commands.RunCommand;
import dev.orch.engine.planning.Strategy;
import dev.orch.engine.running.BatchOutcome;
import dev.orch.engine.state.AttemptRecord;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.LaneRecord;
import dev.orch.engine.state.StateStore;
import dev.orch.engine.state.TaskRecord;
import dev.orch.engine.state.TaskStatus;
import dev.orch.testing.TestRepo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Orchestration overhead of {@code orch:run} (not a test: surefire does not pick it up). Each run builds a fresh
 * temporary git repository with {@code --tasks} independent tasks (or {@code --waves} dependent waves of them), whose
 * agent is the tests' fake agent ({@code src/test/resources/fake-agent/agent.sh}, mode {@code ok}: it writes
 * {@code out/<ID>.txt} and exits 0 at once), and runs the real engine on it ({@link RunCommand}: real git, real
 * tmux or plain processes) with {@code --lanes} lanes, in this JVM, without Maven.
 *
 * <p>Run it in its own JVM:
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
 * java -cp target/classes:target/test-classes:$(cat target/bench.cp) dev.orch.bench.RunBenchmark --runs=3
 * </pre>
 * Options: {@code --tasks=40 --lanes=4 --waves=1 --runs=3 --warmup=1 --driver=tmux|process --keep --verbose}.
 * {@code --waves=4} is the dependent variant: the tasks are split into 4 waves and task <i>i</i> of wave <i>w</i>
 * depends on task <i>i</i> of wave <i>w−1</i> (the fake agent checks that the dependency's file is there and the
 * benchmark fails the run if it was not). The warm-up runs (a small batch of {@code lanes} tasks) load and JIT the
 * engine's classes; they are not counted. Nothing outside the temporary folders (deleted unless {@code --keep}) is
 * changed; each run uses its own private tmux server.
 *
 * <p>What it prints, per run and then the median over the runs, each with the load average:
 * <ul>
 *   <li><b>wall</b>: {@code RunCommand.run()} from call to return (discovery, planning, worktrees, agents, commits,
 *   merges, integration, cleanup).</li>
 *   <li><b>ideal</b>: the schedule an orchestrator with no cost of its own would reach: per lane the agents' own
 *   durations summed (from the fake agent's ledger: its first line to its last), the slowest lane of each wave,
 *   summed over the waves. For these agents it is a few ms per task (the fake agent's own {@code date}/{@code cat}
 *   forks).</li>
 *   <li><b>overhead per task (wall)</b> = (wall − ideal) / tasks: how much longer than the ideal schedule the batch
 *   took, per task.</li>
 *   <li><b>overhead per task (lane-time)</b> = (wall − ideal) × lanes / tasks, a stricter reading. Why: wall − ideal is the time the
 *   batch took beyond the agents' own work; the lanes work in parallel, so that excess is spent in every lane at
 *   once, and × lanes turns it into lane-time, which / tasks shares out over the tasks. It is then the lane-time
 *   one task costs beyond its agent, i.e. what a task adds to a lane's schedule; with perfect parallelism it equals
 *   the per-task cycle measured in one lane. It includes the per-batch fixed costs (setup, merges, integration,
 *   cleanup) spread over the tasks; the breakdown shows them separately.</li>
 *   <li><b>detection</b>: per attempt {@code endedAt − exitedAt} from {@code batch-state.json} (when Orch recorded
 *   the outcome minus the mtime of the exit file the wrapper writes when the agent ends): median, p90, max.</li>
 *   <li><b>breakdown</b> (medians over tasks, ms): <i>spawn</i> = attempt {@code startedAt} → the agent's first
 *   ledger line (session start, wrapper, shell); <i>agent</i> = the agent's own time; <i>wrap</i> = the agent's
 *   last ledger line → {@code exitedAt} (wrapper writing the exit file); <i>detect</i> as above; <i>next</i> =
 *   {@code endedAt} → the next task's {@code startedAt} in the same lane (committing the work and .DONE, saving
 *   state, starting the next attempt); and per batch <i>setup</i> = call → first {@code startedAt}, <i>tail</i> = the
 *   last {@code endedAt} → return (last commits, merges, integration, cleanup), and with several waves the median
 *   <i>between waves</i> = a wave's last {@code endedAt} → the next wave's first {@code startedAt} (last commits,
 *   the wave's merges, worktree removal and creation).</li>
 * </ul>
 * Goals: overhead ≤ 100 ms per task and median detection latency ≤ 100 ms.
 */
public final class RunBenchmark {

    private RunBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        System.out.printf(Locale.ROOT, "orch:run benchmark: %d tasks, %d lanes, %d wave%s, driver %s, %d runs"
                        + " (+%d warm-up), %d CPUs, java %s%n", options.tasks, options.lanes, options.waves,
                options.waves == 1 ? "" : "s", options.driver, options.runs, options.warmup,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        for (int i = 0; i < options.warmup; i++) {
            Result warm = runOnce(options.withTasks(options.lanes * options.waves), "warm-up " + (i + 1));
            System.out.println(warm.line());
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < options.runs; i++) {
            Result result = runOnce(options, "run " + (i + 1));
            results.add(result);
            System.out.println(result.line());
            System.out.println("        " + result.breakdown());
        }
        if (results.size() > 1) {
            System.out.println(medianOf(results).line());
        }
        System.out.println("Goals: overhead <= 100 ms/task, median detection <= 100 ms."
                + " (The lane-time figure is stricter: it counts CPU contention of " + "the lanes on this machine's "
                + Runtime.getRuntime().availableProcessors() + " CPUs as overhead of every lane.)");
    }

    static Result runOnce(Options options, String label) throws Exception {
        Path temp = Files.createTempDirectory("orch-run-bench");
        try {
            TestRepo repo = new TestRepo(temp);
            List<List<String>> waves = backlog(repo, options.tasks, options.waves);
            repo.commitAll("benchmark backlog");
            OrchConfig d = OrchConfig.defaults(repo.root);
            OrchConfig config = new OrchConfig(d.projectDir(), d.tasksDirectory(), List.of(), options.lanes,
                    Strategy.AFFINITY_FIRST, repo.agentCommand(), options.driver, 0, 0, 30, "skip-dependents",
                    "pause", "fewest-files-first", null, null, "ff", d.worktreeDirectory(), d.stateDirectory());
            double[] loadBefore = loadAverage();
            long start = System.nanoTime();
            Instant startInstant = Instant.now();
            BatchOutcome outcome = new RunCommand(config, options.verbose ? dev.orch.engine.Console.system()
                    : repo.console()).run();
            long wallNanos = System.nanoTime() - start;
            Instant endInstant = startInstant.plusNanos(wallNanos);
            double[] loadAfter = loadAverage();
            BatchState state = new StateStore(config.stateDirectory()).load().orElseThrow();
            check(repo, outcome, state, waves);
            return analyse(label, options, repo, state, wallNanos / 1e6, startInstant, endInstant, loadBefore,
                    loadAfter);
        } finally {
            if (options.keep) {
                System.out.println("        kept " + temp);
            } else {
                deleteTree(temp);
            }
        }
    }

    /** Writes the tasks: wave w's task i depends on wave w-1's task i. Returns the IDs per wave. */
    static List<List<String>> backlog(TestRepo repo, int tasks, int waves) throws IOException {
        List<List<String>> ids = new ArrayList<>();
        int perWave = (tasks + waves - 1) / waves;
        int n = 0;
        for (int w = 0; w < waves && n < tasks; w++) {
            List<String> wave = new ArrayList<>();
            for (int i = 0; i < perWave && n < tasks; i++, n++) {
                String id = String.format(Locale.ROOT, "BENCH-%03d", n + 1);
                if (w == 0) {
                    repo.task("bench", id);
                } else {
                    repo.task("bench", id, ids.get(w - 1).get(Math.min(i, ids.get(w - 1).size() - 1)));
                }
                wave.add(id);
            }
            ids.add(wave);
        }
        return ids;
    }

    /** The run must have done what it claims: every task succeeded, once, in order, and landed on main. */
    private static void check(TestRepo repo, BatchOutcome outcome, BatchState state, List<List<String>> waves)
            throws IOException {
        List<String> problems = new ArrayList<>();
        if (outcome.unsuccessful()) {
            problems.add("outcome " + outcome.phase().label() + ": " + outcome.message());
        }
        if (state.wavePlan.size() != waves.size()) {
            problems.add(state.wavePlan.size() + " waves planned, expected " + waves.size());
        }
        List<String> onMain = repo.filesAt("main");
        List<String> ledger = repo.ledgerLines();
        for (TaskRecord task : state.tasks.values()) {
            if (task.status != TaskStatus.SUCCEEDED || task.attempts.size() != 1) {
                problems.add(task.id + " " + task.status.label() + " after " + task.attempts.size() + " attempts");
            }
            if (!onMain.contains("out/" + task.id + ".txt") || !onMain.contains(task.folder + "/.DONE")) {
                problems.add(task.id + ": its work or .DONE is not on main");
            }
        }
        long starts = ledger.stream().filter(l -> l.contains(" start=")).count();
        if (starts != state.tasks.size()) {
            problems.add(starts + " agent starts for " + state.tasks.size() + " tasks");
        }
        ledger.stream().filter(l -> l.contains(" deps=missing")).forEach(l -> problems.add("ran too early: " + l));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the benchmark batch did not run as expected:\n  "
                    + String.join("\n  ", problems));
        }
    }

    private static Result analyse(String label, Options options, TestRepo repo, BatchState state, double wallMillis,
                                  Instant start, Instant end, double[] loadBefore, double[] loadAfter)
            throws IOException {
        Map<String, long[]> ledger = new HashMap<>(); // task -> {start, end} epoch millis
        for (String line : repo.ledgerLines()) {
            String id = line.substring(0, line.indexOf(' '));
            long[] times = ledger.computeIfAbsent(id, k -> new long[2]);
            for (String field : line.split(" ")) {
                if (field.startsWith("start=")) {
                    times[0] = Long.parseLong(field.substring(6));
                } else if (field.startsWith("end=")) {
                    times[1] = Long.parseLong(field.substring(4));
                }
            }
        }
        double ideal = 0;
        List<Double> spawn = new ArrayList<>();
        List<Double> agent = new ArrayList<>();
        List<Double> wrap = new ArrayList<>();
        List<Double> detection = new ArrayList<>();
        List<Double> next = new ArrayList<>();
        Instant firstStart = null;
        Instant lastEnd = null;
        List<Double> betweenWaves = new ArrayList<>();
        Instant previousWaveEnd = null;
        for (List<String> wave : state.wavePlan) {
            double slowestLane = 0;
            Instant waveStart = null;
            Instant waveEnd = null;
            for (String laneKey : wave) {
                LaneRecord lane = state.lanes.get(laneKey);
                double laneAgents = 0;
                Instant previousEnd = null;
                for (String id : lane.tasks) {
                    TaskRecord task = state.tasks.get(id);
                    AttemptRecord attempt = task.attempts.get(0);
                    long[] own = ledger.get(id);
                    Instant started = Instant.parse(attempt.startedAt);
                    Instant exited = Instant.parse(attempt.exitedAt);
                    Instant ended = Instant.parse(attempt.endedAt);
                    laneAgents += own[1] - own[0];
                    agent.add((double) (own[1] - own[0]));
                    spawn.add(between(started, Instant.ofEpochMilli(own[0])));
                    wrap.add(between(Instant.ofEpochMilli(own[1]), exited));
                    detection.add(between(exited, ended));
                    if (previousEnd != null) {
                        next.add(between(previousEnd, started));
                    }
                    previousEnd = ended;
                    waveStart = waveStart == null || started.isBefore(waveStart) ? started : waveStart;
                    waveEnd = waveEnd == null || ended.isAfter(waveEnd) ? ended : waveEnd;
                    firstStart = firstStart == null || started.isBefore(firstStart) ? started : firstStart;
                    lastEnd = lastEnd == null || ended.isAfter(lastEnd) ? ended : lastEnd;
                }
                slowestLane = Math.max(slowestLane, laneAgents);
            }
            ideal += slowestLane;
            if (previousWaveEnd != null) {
                betweenWaves.add(between(previousWaveEnd, waveStart));
            }
            previousWaveEnd = waveEnd;
        }
        Result result = new Result();
        result.label = label;
        result.tasks = state.tasks.size();
        result.lanes = options.lanes;
        result.wall = wallMillis;
        result.ideal = ideal;
        result.overheadPerTask = (wallMillis - ideal) * options.lanes / state.tasks.size();
        result.wallOverheadPerTask = (wallMillis - ideal) / state.tasks.size();
        double[] latencies = detection.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        result.detectMedian = percentile(latencies, 50);
        result.detectP90 = percentile(latencies, 90);
        result.detectMax = latencies[latencies.length - 1];
        result.spawn = median(spawn);
        result.agent = median(agent);
        result.wrap = median(wrap);
        result.next = next.isEmpty() ? Double.NaN : median(next);
        result.betweenWaves = betweenWaves.isEmpty() ? Double.NaN : median(betweenWaves);
        result.setup = between(start, firstStart);
        result.tail = between(lastEnd, end);
        result.loadBefore = loadBefore[0];
        result.loadAfter = loadAfter[0];
        return result;
    }

    /** Milliseconds from a to b, with the sub-millisecond part. */
    private static double between(Instant a, Instant b) {
        return java.time.Duration.between(a, b).toNanos() / 1e6;
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static Result medianOf(List<Result> results) {
        Result m = new Result();
        m.label = "median";
        m.tasks = results.get(0).tasks;
        m.lanes = results.get(0).lanes;
        m.wall = med(results, r -> r.wall);
        m.ideal = med(results, r -> r.ideal);
        m.overheadPerTask = med(results, r -> r.overheadPerTask);
        m.wallOverheadPerTask = med(results, r -> r.wallOverheadPerTask);
        m.detectMedian = med(results, r -> r.detectMedian);
        m.detectP90 = med(results, r -> r.detectP90);
        m.detectMax = med(results, r -> r.detectMax);
        m.loadBefore = med(results, r -> r.loadBefore);
        m.loadAfter = med(results, r -> r.loadAfter);
        return m;
    }

    private static double med(List<Result> results, ToDoubleFunction<Result> field) {
        return median(results.stream().map(r -> field.applyAsDouble(r)).toList());
    }

    /** The 1-minute load average (/proc/loadavg), or NaN where there is none. */
    static double[] loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                    Double.parseDouble(fields[2])};
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    static final class Result {
        String label;
        int tasks;
        int lanes;
        double wall;
        double ideal;
        double overheadPerTask;
        /** (wall − ideal) / tasks: the batch's time beyond the ideal schedule, per task. */
        double wallOverheadPerTask;
        double detectMedian;
        double detectP90;
        double detectMax;
        double spawn;
        double agent;
        double wrap;
        double next;
        double betweenWaves;
        double setup;
        double tail;
        double loadBefore;
        double loadAfter;

        String line() {
            return String.format(Locale.ROOT, "%-10s wall %7.0f ms | ideal %5.0f ms | overhead %5.1f ms/task (wall)"
                            + " %6.1f ms/task (lane-time) | detection median %5.1f p90 %5.1f max %5.1f ms"
                            + " | load %.2f -> %.2f", label, wall,
                    ideal, wallOverheadPerTask, overheadPerTask, detectMedian, detectP90, detectMax, loadBefore, loadAfter);
        }

        String breakdown() {
            return String.format(Locale.ROOT, "medians per task: spawn %.0f, agent %.0f, wrap %.0f, detect %.0f,"
                    + " next %.0f ms; per batch: setup %.0f ms, tail %.0f ms%s", spawn, agent, wrap, detectMedian,
                    next, setup, tail, Double.isNaN(betweenWaves) ? "" : String.format(Locale.ROOT,
                            ", between waves (merge + next worktrees) %.0f ms", betweenWaves));
        }
    }

    record Options(int tasks, int lanes, int waves, int runs, int warmup, String driver, boolean keep,
                   boolean verbose) {
        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            for (String arg : args) {
                if (!arg.startsWith("--")) {
                    throw new IllegalArgumentException("unknown argument " + arg + "; options: --tasks=40 --lanes=4"
                            + " --waves=1 --runs=3 --warmup=1 --driver=tmux|process --keep --verbose");
                }
                int eq = arg.indexOf('=');
                values.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
            }
            List<String> known = Arrays.asList("tasks", "lanes", "waves", "runs", "warmup", "driver", "keep",
                    "verbose");
            values.keySet().stream().filter(k -> !known.contains(k)).findFirst().ifPresent(k -> {
                throw new IllegalArgumentException("unknown option --" + k + "; known: " + known);
            });
            String driver = values.getOrDefault("driver", "tmux");
            if (!driver.equals("tmux") && !driver.equals("process")) {
                throw new IllegalArgumentException("--driver must be tmux or process");
            }
            return new Options(Integer.parseInt(values.getOrDefault("tasks", "40")),
                    Integer.parseInt(values.getOrDefault("lanes", "4")),
                    Integer.parseInt(values.getOrDefault("waves", "1")),
                    Integer.parseInt(values.getOrDefault("runs", "3")),
                    Integer.parseInt(values.getOrDefault("warmup", "1")), driver,
                    Boolean.parseBoolean(values.getOrDefault("keep", "false")),
                    Boolean.parseBoolean(values.getOrDefault("verbose", "false")));
        }

        Options withTasks(int n) {
            return new Options(n, lanes, waves, runs, warmup, driver, keep, verbose);
        }
    }
}
