package dev.orch.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fake agent's ledger, parsed: one {@link Run} per attempt (its start line and, when it ended on its own, its
 * end line). What agents did is read from here, never from Orch's own records.
 */
public final class Ledger {
    /** One attempt as the agent itself recorded it. end = -1 when the agent never wrote an end line. */
    public record Run(String task, int attempt, int lane, long start, long end, Map<String, String> fields) {
        public String pwd() {
            return fields.get("pwd");
        }

        public String deps() {
            return fields.get("deps");
        }
    }

    private final List<Run> runs;

    private Ledger(List<Run> runs) {
        this.runs = runs;
    }

    /** An end line belongs to the latest start of the same task and attempt (batches after batches repeat them). */
    public static Ledger parse(List<String> lines) {
        List<Run> runs = new ArrayList<>();
        for (String line : lines) {
            String[] words = line.split(" ");
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 1; i < words.length; i++) {
                int eq = words[i].indexOf('=');
                if (eq > 0) {
                    fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
                }
            }
            String task = words[0];
            int attempt = Integer.parseInt(fields.get("attempt"));
            if (fields.containsKey("start")) {
                if (line.contains(" pwd=")) { // a pwd may hold spaces: take the rest of the line up to " model="
                    int from = line.indexOf(" pwd=") + 5;
                    int to = line.indexOf(" model=", from);
                    fields.put("pwd", to < 0 ? line.substring(from) : line.substring(from, to));
                }
                runs.add(new Run(task, attempt, Integer.parseInt(fields.get("lane")),
                        Long.parseLong(fields.get("start")), -1, fields));
            } else if (fields.containsKey("end")) {
                for (int i = runs.size() - 1; i >= 0; i--) {
                    Run run = runs.get(i);
                    if (run.task().equals(task) && run.attempt() == attempt) {
                        if (run.end() < 0) {
                            runs.set(i, new Run(task, attempt, run.lane(), run.start(),
                                    Long.parseLong(fields.get("end")), run.fields()));
                        }
                        break;
                    }
                }
            }
        }
        return new Ledger(runs);
    }

    public List<Run> runs() {
        return runs;
    }

    public List<Run> of(String task) {
        return runs.stream().filter(r -> r.task().equals(task)).toList();
    }

    public Run first(String task) {
        return of(task).stream().findFirst().orElseThrow(() -> new AssertionError(task + " never started"));
    }

    /** Tasks that started at least once, in ledger order. */
    public List<String> tasks() {
        return runs.stream().map(Run::task).distinct().toList();
    }

    /** The task's lane as the agent saw it (ORCH_LANE), per task. */
    public Map<String, Integer> lanes() {
        return runs.stream().collect(Collectors.toMap(Run::task, Run::lane, (a, b) -> a, LinkedHashMap::new));
    }

    /**
     * The largest number of agents that were running at the same moment, from the agents' own start and end
     * times (an end at the same millisecond as another's start does not count as overlap).
     */
    public int peakConcurrency() {
        List<long[]> points = new ArrayList<>();
        for (Run run : runs) {
            if (run.end() < 0) {
                throw new AssertionError("attempt without an end line: " + run);
            }
            points.add(new long[]{run.start(), +1});
            points.add(new long[]{run.end(), -1});
        }
        points.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int current = 0;
        int peak = 0;
        for (long[] point : points) {
            current += (int) point[1];
            peak = Math.max(peak, current);
        }
        return peak;
    }

    @Override
    public String toString() {
        return runs.toString();
    }
}
