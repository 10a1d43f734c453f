package dev.orch.engine.planning;

import dev.orch.engine.tasks.DependencyRef;
import dev.orch.engine.tasks.Size;
import dev.orch.engine.tasks.Task;
import dev.orch.engine.tasks.TaskId;
import dev.orch.engine.tasks.TaskSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Builds pending tasks for planning tests: {@code task("A-1").size(L).after("A-0").scope("src/a").build()}. */
final class TestTasks {
    private final String id;
    private String name;
    private Size size = Size.M;
    private final List<String> dependencies = new ArrayList<>();
    private final List<String> scope = new ArrayList<>();

    private TestTasks(String id) {
        this.id = id;
        this.name = "Task " + id;
    }

    static TestTasks task(String id) {
        return new TestTasks(id);
    }

    TestTasks size(Size value) {
        size = value;
        return this;
    }

    TestTasks name(String value) {
        name = value;
        return this;
    }

    TestTasks after(String... ids) {
        dependencies.addAll(Arrays.asList(ids));
        return this;
    }

    TestTasks scope(String... entries) {
        scope.addAll(Arrays.asList(entries));
        return this;
    }

    Task build() {
        TaskId taskId = new TaskId(id);
        String area = id.substring(0, id.indexOf('-')).toLowerCase();
        List<DependencyRef> refs = dependencies.stream().map(d -> new DependencyRef(null, d)).toList();
        TaskSpec spec = new TaskSpec(taskId, name, area, Path.of("/tasks", area, id), size, refs,
                List.copyOf(scope), null, false, false);
        return new Task(spec, dependencies.stream().map(TaskId::new).toList());
    }

    static List<String> ids(List<TaskId> ids) {
        return ids.stream().map(TaskId::value).toList();
    }

    /** Waves as lists of lanes as lists of IDs, for exact assertions. */
    static List<List<List<String>>> shape(Plan plan) {
        return plan.waves().stream()
                .map(w -> w.lanes().stream().map(l -> ids(l.tasks())).toList())
                .toList();
    }

    /** Every task of every wave, per wave, regardless of lanes. */
    static List<List<String>> waveMembers(Plan plan) {
        return plan.waves().stream()
                .map(w -> w.lanes().stream().flatMap(l -> ids(l.tasks()).stream()).sorted()
                        .collect(Collectors.toList()))
                .toList();
    }
}
