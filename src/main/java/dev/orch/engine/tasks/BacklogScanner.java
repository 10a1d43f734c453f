package dev.orch.engine.tasks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Discovery: finds the task folders under a tasks directory, parses their PROMPT.md files, resolves dependencies
 * and validates the whole backlog, reporting every problem at once.
 *
 * <p>Layout: each immediate sub-folder of the tasks directory that holds task folders is an area; a task folder
 * directly under the tasks directory belongs to the area named after the tasks directory. {@code archive} folders
 * (directly under the tasks directory, or in an area, at any depth inside) are never pending; their tasks count as
 * complete when they hold {@code .DONE}. Hidden folders are skipped.
 *
 * <p>Problems are reported for the selected areas only: a half-written task in an area that is not part of the
 * batch does not block it. Dependencies are resolved against every area, so complete tasks anywhere satisfy them.
 */
public final class BacklogScanner {

    static final String PROMPT_FILE = "PROMPT.md";
    static final String DONE_FILE = ".DONE";
    private static final String ARCHIVE = "archive";
    /** Archives may be organised in sub-folders (by year, by release); deeper than this is not a backlog. */
    private static final int MAX_ARCHIVE_DEPTH = 8;

    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private BacklogScanner() {
    }

    /** One task folder as found on disk: parsed, or the problem that stopped parsing it. */
    private record Scanned(String area, Path folder, boolean archived, boolean complete, ParsedPrompt prompt,
                           Problem problem) {
    }

    /**
     * Scans {@code tasksDirectory} and validates the backlog.
     *
     * @param tasksDirectory the folder holding areas and task folders
     * @param selectedAreas  areas to run; empty (or null) = all
     * @return the backlog; when {@link Backlog#valid()} is false, {@code problems} lists everything wrong
     */
    public static Backlog discover(Path tasksDirectory, List<String> selectedAreas) {
        Path root = tasksDirectory.toAbsolutePath().normalize();
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            problems.add(new Problem(ProblemCode.TASKS_DIR_MISSING, root,
                    Files.exists(root) ? "The tasks directory is not a directory." : "The tasks directory does not exist.",
                    "Create it with one folder per area, each holding task folders with a PROMPT.md, or point"
                            + " -Dorch.tasksDirectory at the folder that holds your tasks."));
            return new Backlog(root, List.of(), List.of(), problems);
        }
        String rootArea = root.getFileName() == null ? "tasks" : root.getFileName().toString();

        List<Path> topLevel;
        try {
            topLevel = listChildren(root);
        } catch (IOException e) {
            problems.add(new Problem(ProblemCode.TASKS_DIR_MISSING, root,
                    "The tasks directory cannot be read (" + describe(e) + ").",
                    "Make the folder readable (check its permissions)."));
            return new Backlog(root, List.of(), List.of(), problems);
        }
        // Find the candidate folders first (cheap listings), then read and parse them all in parallel: the work is
        // spread evenly however the tasks are spread over areas. Validation sorts, so timing never shows.
        List<Candidate> candidates = topLevel.parallelStream()
                .flatMap(child -> candidatesAtTopLevel(child, rootArea).stream())
                .collect(Collectors.toList());
        List<Scanned> scanned = candidates.parallelStream()
                .map(c -> readTask(c.folder(), c.area(), c.archived()))
                .filter(Objects::nonNull)
                .collect(Collectors.toList());

        return new Validation(root, scanned, selectedAreas).run();
    }

    // ---- scanning -------------------------------------------------------------------------------------------

    /** A folder that may be a task folder; {@link #readTask} decides. */
    private record Candidate(Path folder, String area, boolean archived) {
    }

    private static List<Candidate> candidatesAtTopLevel(Path child, String rootArea) {
        String name = child.getFileName().toString();
        if (isHidden(name) || !Files.isDirectory(child)) {
            return List.of();
        }
        if (name.equalsIgnoreCase(ARCHIVE)) {
            return archiveCandidates(child, rootArea);
        }
        if (Files.exists(child.resolve(PROMPT_FILE), LinkOption.NOFOLLOW_LINKS)) {
            return List.of(new Candidate(child, rootArea, false)); // a task folder directly under tasks/
        }
        return areaCandidates(child, name);
    }

    private static List<Candidate> areaCandidates(Path areaDir, String area) {
        List<Candidate> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(areaDir)) {
            for (Path child : entries) {
                String name = child.getFileName().toString();
                if (isHidden(name)) {
                    continue;
                }
                if (name.equalsIgnoreCase(ARCHIVE) && Files.isDirectory(child)) {
                    found.addAll(archiveCandidates(child, area));
                } else {
                    found.add(new Candidate(child, area, false));
                }
            }
        } catch (IOException e) {
            // an unreadable folder that may or may not be an area: nothing to run from it
        }
        return found;
    }

    /** Task folders anywhere below an archive folder (archives are often grouped by year or release). */
    private static List<Candidate> archiveCandidates(Path archiveDir, String area) {
        List<Candidate> found = new ArrayList<>();
        Deque<Path> folders = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        folders.push(archiveDir);
        depths.push(0);
        while (!folders.isEmpty()) {
            Path dir = folders.pop();
            int depth = depths.pop();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path child : entries) {
                    if (isHidden(child.getFileName().toString())
                            || !Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    if (Files.exists(child.resolve(PROMPT_FILE), LinkOption.NOFOLLOW_LINKS)) {
                        found.add(new Candidate(child, area, true));
                    } else if (depth < MAX_ARCHIVE_DEPTH) {
                        folders.push(child);
                        depths.push(depth + 1);
                    }
                }
            } catch (IOException e) {
                // unreadable archive sub-folder: its tasks simply do not count as complete
            }
        }
        return found;
    }

    /** The task in {@code folder}, or null when the folder holds no PROMPT.md (it is not a task folder). */
    private static Scanned readTask(Path folder, String area, boolean archived) {
        Path prompt = folder.resolve(PROMPT_FILE);
        byte[] text;
        int length;
        try (FileChannel channel = FileChannel.open(prompt, StandardOpenOption.READ)) {
            // one growing buffer per thread: 10,000 files would otherwise allocate tens of megabytes per discovery
            text = BUFFER.get();
            length = 0;
            while (true) {
                if (length == text.length) {
                    text = Arrays.copyOf(text, text.length * 2);
                    BUFFER.set(text);
                }
                int read = channel.read(ByteBuffer.wrap(text, length, text.length - length));
                if (read < 0) {
                    break;
                }
                length += read;
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (Files.isDirectory(prompt)) {
                return unreadable(area, folder, archived, "PROMPT.md is a directory, not a file.",
                        "Replace the PROMPT.md folder with a PROMPT.md text file describing the task.");
            }
            if (!Files.exists(prompt)) {
                return null; // e.g. the entry is a plain file, so it cannot hold a PROMPT.md
            }
            return unreadable(area, folder, archived, "PROMPT.md cannot be read (" + describe(e) + ").",
                    "Make PROMPT.md readable (check its permissions).");
        }
        if (!Utf8.isValid(text, length)) {
            return unreadable(area, folder, archived, "PROMPT.md is not valid UTF-8 text.",
                    "Save PROMPT.md as UTF-8 (re-encode it, e.g. with iconv, or re-save it in an editor).");
        }
        boolean complete = Files.exists(folder.resolve(DONE_FILE));
        try {
            ParsedPrompt parsed = PromptParser.parseUtf8(text, length, folder.getFileName().toString());
            return new Scanned(area, folder, archived, complete, parsed, null);
        } catch (PromptParseException e) {
            return new Scanned(area, folder, archived, complete, null, e.toProblem(prompt));
        }
    }

    private static Scanned unreadable(String area, Path folder, boolean archived, String message, String fix) {
        Problem problem = new Problem(ProblemCode.PROMPT_UNREADABLE, folder.resolve(PROMPT_FILE), message, fix);
        return new Scanned(area, folder, archived, false, null, problem);
    }

    private static List<Path> listChildren(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(children::add);
        }
        children.sort(Comparator.comparing(Path::toString));
        return children;
    }

    private static boolean isHidden(String name) {
        return name.startsWith(".");
    }

    private static String describe(IOException e) {
        String reason = e.getMessage();
        return e.getClass().getSimpleName() + (reason == null ? "" : ": " + reason);
    }

    // ---- validation -----------------------------------------------------------------------------------------

    /** Resolution and validation over the scanned folders; one instance per discovery. */
    private static final class Validation {
        private final Path root;
        private final List<Scanned> scanned;
        private final List<String> requestedAreas;
        private final List<Problem> problems = new ArrayList<>();
        private final Set<String> knownAreas = new TreeSet<>();
        private final Set<String> selected = new TreeSet<>();
        /** Every parsed task by ID; each list in a fixed order (area, folder). */
        private final Map<String, List<TaskSpec>> byId = new HashMap<>();
        private final List<TaskSpec> all = new ArrayList<>();

        Validation(Path root, List<Scanned> scanned, List<String> requestedAreas) {
            this.root = root;
            this.scanned = scanned;
            this.requestedAreas = requestedAreas == null ? List.of() : requestedAreas;
        }

        Backlog run() {
            for (Scanned s : scanned) {
                knownAreas.add(s.area());
            }
            selectAreas();
            for (Scanned s : scanned) {
                if (s.problem() != null) {
                    if (selected.contains(s.area())) {
                        problems.add(s.problem());
                    }
                    continue;
                }
                all.add(toSpec(s));
            }
            all.sort(BY_ID_AREA_FOLDER); // from here on every list and map is in a fixed order
            for (TaskSpec spec : all) {
                byId.computeIfAbsent(spec.id().value(), k -> new ArrayList<>(1)).add(spec);
            }
            Map<String, TaskSpec> pendingById = pendingOfSelectedAreas();
            reportDuplicates();

            Map<String, List<TaskId>> resolved = new HashMap<>(pendingById.size() * 2);
            for (TaskSpec task : all) {
                if (isPending(task) && selected.contains(task.area())) {
                    // duplicates too: their dependency problems are reported now, not after the rename
                    List<TaskId> deps = resolveDependencies(task);
                    if (pendingById.get(task.id().value()) == task) {
                        resolved.put(task.id().value(), deps);
                    }
                }
            }
            reportCycles(pendingById, resolved);

            List<Task> pending = new ArrayList<>(pendingById.size());
            for (TaskSpec task : pendingById.values()) {
                pending.add(new Task(task, resolved.get(task.id().value())));
            }
            problems.sort(Comparator.comparing((Problem p) -> p.file() == null ? "" : p.file().toString())
                    .thenComparing(Problem::code).thenComparing(Problem::message));
            return new Backlog(root, List.copyOf(all), List.copyOf(pending), List.copyOf(problems));
        }

        private void selectAreas() {
            List<String> wanted = requestedAreas.stream().filter(a -> a != null && !a.isBlank()).map(String::strip)
                    .distinct().collect(Collectors.toList());
            if (wanted.isEmpty()) {
                selected.addAll(knownAreas);
                return;
            }
            for (String area : wanted) {
                if (knownAreas.contains(area)) {
                    selected.add(area);
                    continue;
                }
                String sameIgnoringCase = knownAreas.stream().filter(k -> k.equalsIgnoreCase(area)).findFirst()
                        .orElse(null);
                String known = knownAreas.isEmpty() ? "there are no areas with task folders"
                        : "known areas: " + String.join(", ", knownAreas);
                problems.add(new Problem(ProblemCode.UNKNOWN_AREA, root,
                        "Area '" + area + "' selected by -Dorch.areas does not exist; " + known + ".",
                        sameIgnoringCase != null
                                ? "Write it as '" + sameIgnoringCase + "' (area names are folder names, case matters)."
                                : "Select known areas in -Dorch.areas, or leave it empty to run every area."));
            }
        }

        private TaskSpec toSpec(Scanned s) {
            ParsedPrompt p = s.prompt();
            String name = p.name() != null ? p.name() : s.folder().getFileName().toString();
            return new TaskSpec(new TaskId(p.id()), name, s.area(), s.folder(), p.size(), p.dependencies(),
                    p.fileScope(), p.model(), s.complete(), s.archived());
        }

        /** Pending = neither complete nor archived; one per ID (duplicates are reported, not planned twice). */
        private Map<String, TaskSpec> pendingOfSelectedAreas() {
            Map<String, TaskSpec> pending = new LinkedHashMap<>(); // in ID order: `all` is sorted
            for (TaskSpec spec : all) {
                if (isPending(spec) && selected.contains(spec.area())) {
                    pending.putIfAbsent(spec.id().value(), spec);
                }
            }
            return pending;
        }

        /**
         * Two folders with one ID are a problem when one of them still has to run: logs, branches and dependencies
         * are keyed by ID. Complete copies alone (a task archived twice) harm nobody and are left alone.
         */
        private void reportDuplicates() {
            List<String> duplicated = byId.entrySet().stream().filter(e -> e.getValue().size() > 1)
                    .map(Map.Entry::getKey).sorted().collect(Collectors.toList());
            for (String id : duplicated) {
                List<TaskSpec> copies = byId.get(id);
                TaskSpec reported = copies.stream().filter(BacklogScanner::isPending)
                        .filter(c -> selected.contains(c.area())).findFirst()
                        .orElse(copies.stream().filter(c -> !c.complete() && selected.contains(c.area()))
                                .findFirst().orElse(null));
                if (reported == null) {
                    continue;
                }
                String others = copies.stream().filter(c -> c != reported)
                        .map(c -> display(c.promptFile()) + describeState(c)).collect(Collectors.joining(", "));
                problems.add(new Problem(ProblemCode.DUPLICATE_ID, reported.promptFile(),
                        "Task ID " + id + " is also used by " + others + ".",
                        "Give each task its own ID: change the '# Task:' heading (and the folder name) of one of"
                                + " them."));
            }
        }

        private List<TaskId> resolveDependencies(TaskSpec task) {
            Set<TaskId> pendingDeps = new LinkedHashSet<>();
            for (DependencyRef ref : task.dependencies()) {
                TaskSpec target = resolve(task, ref);
                if (target != null) {
                    pendingDeps.add(target.id());
                }
            }
            return List.copyOf(pendingDeps);
        }

        /** The pending task {@code ref} waits for, or null when it is satisfied or a problem was reported. */
        private TaskSpec resolve(TaskSpec task, DependencyRef ref) {
            String id = ref.id();
            if (id.equals(task.id().value()) && (ref.area() == null || ref.area().equalsIgnoreCase(task.area()))) {
                problems.add(new Problem(ProblemCode.SELF_DEPENDENCY, task.promptFile(),
                        task.id() + " depends on itself.",
                        "Remove " + ref + " from the Dependencies of " + task.id() + "."));
                return null;
            }
            List<TaskSpec> withId = byId.getOrDefault(id, List.of());
            List<TaskSpec> candidates = withId;
            if (ref.area() != null) {
                String area = matchArea(ref.area());
                candidates = withId.stream().filter(c -> c.area().equals(area)).collect(Collectors.toList());
                if (candidates.isEmpty()) {
                    reportUnknownQualified(task, ref, area, withId);
                    return null;
                }
            }
            if (candidates.isEmpty()) {
                problems.add(new Problem(ProblemCode.UNKNOWN_DEPENDENCY, task.promptFile(),
                        task.id() + " depends on " + ref + ", which does not exist in any area.",
                        "Correct the ID in the Dependencies of " + task.id()
                                + ", or remove it if that task is gone (a finished task needs its folder with .DONE)."));
                return null;
            }
            if (candidates.stream().allMatch(TaskSpec::complete)) {
                return null; // satisfied, wherever it lives
            }
            Set<String> areas = candidates.stream().map(TaskSpec::area).collect(Collectors.toCollection(TreeSet::new));
            if (ref.area() == null && areas.size() > 1) {
                problems.add(new Problem(ProblemCode.AMBIGUOUS_DEPENDENCY, task.promptFile(),
                        task.id() + " depends on " + id + ", which exists in areas " + String.join(" and ", areas)
                                + ".",
                        "Qualify it as area/ID, e.g. '" + areas.iterator().next() + "/" + id + "'."));
                return null;
            }
            TaskSpec target = candidates.stream().filter(BacklogScanner::isPending).findFirst().orElse(null);
            if (target == null) {
                TaskSpec archived = candidates.stream().filter(c -> !c.complete()).findFirst().orElseThrow();
                problems.add(new Problem(ProblemCode.UNKNOWN_DEPENDENCY, task.promptFile(),
                        task.id() + " depends on " + ref + ", which is archived without .DONE ("
                                + display(archived.folder()) + "), so it will never run.",
                        "Add .DONE to that folder if the task was finished, or move it out of archive/ to run it."));
                return null;
            }
            if (!selected.contains(target.area())) {
                Set<String> suggestion = new TreeSet<>(selected);
                suggestion.add(target.area());
                problems.add(new Problem(ProblemCode.DEPENDENCY_OUTSIDE_AREAS, task.promptFile(),
                        task.id() + " depends on " + ref + ", which is pending in area '" + target.area()
                                + "', not selected by -Dorch.areas.",
                        "Add the area: -Dorch.areas=" + String.join(",", suggestion)
                                + " (or leave -Dorch.areas empty to run every area)."));
                return null;
            }
            return target;
        }

        private void reportUnknownQualified(TaskSpec task, DependencyRef ref, String area, List<TaskSpec> withId) {
            String message;
            String fix;
            if (!knownAreas.contains(area)) {
                message = task.id() + " depends on " + ref + ", but there is no area '" + ref.area()
                        + "' (known areas: " + String.join(", ", knownAreas) + ").";
            } else {
                message = task.id() + " depends on " + ref + ", but area '" + area + "' has no task " + ref.id()
                        + ".";
            }
            Set<String> elsewhere = withId.stream().map(TaskSpec::area).collect(Collectors.toCollection(TreeSet::new));
            if (!elsewhere.isEmpty()) {
                fix = "Write " + elsewhere.iterator().next() + "/" + ref.id() + " (" + ref.id() + " lives in area"
                        + (elsewhere.size() > 1 ? "s " : " ") + String.join(", ", elsewhere) + ").";
            } else {
                fix = "Correct the dependency in the Dependencies of " + task.id() + ", or remove it.";
            }
            problems.add(new Problem(ProblemCode.UNKNOWN_DEPENDENCY, task.promptFile(), message, fix));
        }

        /** Area names are folder names; accept a different case when it is unambiguous. */
        private String matchArea(String written) {
            if (knownAreas.contains(written)) {
                return written;
            }
            List<String> matches = knownAreas.stream().filter(a -> a.equalsIgnoreCase(written))
                    .collect(Collectors.toList());
            return matches.size() == 1 ? matches.get(0) : written;
        }

        private void reportCycles(Map<String, TaskSpec> pendingById, Map<String, List<TaskId>> resolved) {
            List<String> ids = new ArrayList<>(pendingById.keySet()); // sorted by ID
            Map<String, Integer> index = new HashMap<>(ids.size() * 2);
            for (int i = 0; i < ids.size(); i++) {
                index.put(ids.get(i), i);
            }
            int[][] edges = new int[ids.size()][];
            for (int i = 0; i < ids.size(); i++) {
                List<TaskId> deps = resolved.get(ids.get(i));
                int[] targets = new int[deps.size()];
                for (int d = 0; d < deps.size(); d++) {
                    targets[d] = index.get(deps.get(d).value());
                }
                Arrays.sort(targets);
                edges[i] = targets;
            }
            for (List<Integer> cycle : Cycles.find(edges)) {
                String path = cycle.stream().map(ids::get).collect(Collectors.joining(" -> "));
                TaskSpec first = pendingById.get(ids.get(cycle.get(0)));
                problems.add(new Problem(ProblemCode.CYCLE, first.promptFile(),
                        "Dependency cycle: " + path + " (each task depends on the next), so none of them can start.",
                        "Remove one of these dependencies so that the tasks can run in order."));
            }
        }

        private String display(Path file) {
            Path relative = file.startsWith(root) ? root.relativize(file) : file;
            Path shown = root.getFileName() == null || !file.startsWith(root) ? relative
                    : root.getFileName().resolve(relative);
            return shown.toString().replace('\\', '/');
        }

        private static String describeState(TaskSpec spec) {
            if (spec.archived()) {
                return spec.complete() ? " (archived, complete)" : " (archived)";
            }
            return spec.complete() ? " (complete)" : "";
        }
    }

    private static final Comparator<TaskSpec> BY_ID_AREA_FOLDER = (a, b) -> {
        int byId = a.id().value().compareTo(b.id().value());
        if (byId != 0) {
            return byId;
        }
        int byArea = a.area().compareTo(b.area());
        return byArea != 0 ? byArea : a.folder().toString().compareTo(b.folder().toString());
    };

    private static boolean isPending(TaskSpec spec) {
        return !spec.complete() && !spec.archived();
    }
}
