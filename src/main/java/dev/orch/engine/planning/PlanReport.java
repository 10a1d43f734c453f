package dev.orch.engine.planning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orch.engine.tasks.DependencyRef;
import dev.orch.engine.tasks.Task;
import dev.orch.engine.tasks.TaskId;
import dev.orch.engine.tasks.TaskSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Shows a {@link Plan}: console lines, {@code plan.json} for tools and {@code plan.mmd} (a Mermaid flowchart).
 * Rendering is pure; the writers touch only the file they are given (through a temporary sibling).
 */
public final class PlanReport {
    /** Said once in the console output: what the numbers in "units" mean. */
    public static final String UNITS_NOTE =
            "Units are size weights (S=1, M=2, L=4); a wave takes as long as its heaviest lane.";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanReport() {
    }

    /** Console lines: one per wave and lane, totals, the critical path. */
    public static List<String> render(Plan plan) {
        List<String> lines = new ArrayList<>();
        if (plan.tasks().isEmpty()) {
            lines.add("No pending tasks: nothing to plan.");
            return lines;
        }
        lines.add("Plan (strategy " + plan.strategy().label() + ", at most " + plan.maxLanes()
                + " lanes per wave). " + UNITS_NOTE);
        for (WavePlan wave : plan.waves()) {
            lines.add("Wave " + wave.number() + " (est. " + units(wave.estimate()) + "):");
            for (LanePlan lane : wave.lanes()) {
                lines.add("  lane " + lane.number() + " [weight " + lane.weight() + "]: "
                        + lane.tasks().stream().map(TaskId::value).collect(Collectors.joining(", ")));
            }
        }
        lines.add("Total: " + plan.tasks().size() + " tasks, " + plan.waves().size() + " waves, est. "
                + units(plan.estimate()) + ", max parallel lanes " + plan.maxParallelLanes() + ".");
        lines.add("Critical path (" + units(plan.criticalPathWeight()) + "): "
                + plan.criticalPath().stream().map(TaskId::value).collect(Collectors.joining(" -> ")));
        return lines;
    }

    private static String units(int count) {
        return count + (count == 1 ? " unit" : " units");
    }

    /** The plan as JSON: waves, lanes, every task with its wave and lane, critical path and totals. */
    public static String toJson(Plan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("strategy", plan.strategy().label());
        root.put("maxLanes", plan.maxLanes());
        root.put("estimate", plan.estimate());
        root.put("units", "size weights: S=1, M=2, L=4");
        root.put("criticalPathWeight", plan.criticalPathWeight());
        ArrayNode path = root.putArray("criticalPath");
        plan.criticalPath().forEach(id -> path.add(id.value()));

        ArrayNode waves = root.putArray("waves");
        for (WavePlan wave : plan.waves()) {
            ObjectNode waveNode = waves.addObject();
            waveNode.put("number", wave.number());
            waveNode.put("estimate", wave.estimate());
            ArrayNode lanes = waveNode.putArray("lanes");
            for (LanePlan lane : wave.lanes()) {
                ObjectNode laneNode = lanes.addObject();
                laneNode.put("number", lane.number());
                laneNode.put("weight", lane.weight());
                ArrayNode ids = laneNode.putArray("tasks");
                lane.tasks().forEach(id -> ids.add(id.value()));
            }
        }

        Map<TaskId, Placement> placements = plan.placements();
        ArrayNode tasks = root.putArray("tasks");
        for (Task task : plan.tasks().values()) {
            TaskSpec spec = task.spec();
            ObjectNode node = tasks.addObject();
            node.put("id", task.id().value());
            node.put("name", spec.name());
            node.put("area", spec.area());
            node.put("size", spec.size().name());
            node.put("weight", task.weight());
            ArrayNode pendingDeps = node.putArray("dependencies");
            task.pendingDependencies().stream().sorted().forEach(id -> pendingDeps.add(id.value()));
            ArrayNode declared = node.putArray("declaredDependencies");
            spec.dependencies().stream().map(DependencyRef::toString).forEach(declared::add);
            ArrayNode scope = node.putArray("fileScope");
            spec.fileScope().forEach(scope::add);
            if (spec.model() != null) {
                node.put("model", spec.model());
            }
            Placement placement = placements.get(task.id());
            node.put("wave", placement.wave());
            node.put("lane", placement.lane());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the plan", e);
        }
    }

    /** Writes {@link #toJson} to {@code file} atomically. */
    public static void writeJson(Plan plan, Path file) throws IOException {
        writeAtomically(file, toJson(plan));
    }

    /**
     * The plan as a Mermaid flowchart: a subgraph per wave holding one per lane, a node per task labelled
     * {@code ID<br/>name}, an edge per pending dependency, critical-path nodes in class {@code critical}.
     */
    public static String toMermaid(Plan plan) {
        StringBuilder out = new StringBuilder("flowchart TD\n");
        for (WavePlan wave : plan.waves()) {
            String waveNode = "wave" + wave.number();
            out.append("  subgraph ").append(waveNode).append("[\"Wave ").append(wave.number())
                    .append(" #40;est. ").append(units(wave.estimate())).append("#41;\"]\n");
            for (LanePlan lane : wave.lanes()) {
                out.append("    subgraph ").append(waveNode).append("_lane").append(lane.number())
                        .append("[\"lane ").append(lane.number()).append("\"]\n");
                for (TaskId id : lane.tasks()) {
                    String name = plan.tasks().get(id).spec().name();
                    out.append("      ").append(nodeId(id)).append("[\"").append(id.value());
                    if (name != null && !name.isBlank()) {
                        out.append("<br/>").append(mermaidText(name));
                    }
                    out.append("\"]\n");
                }
                out.append("    end\n");
            }
            out.append("  end\n");
        }
        for (Task task : plan.tasks().values()) {
            for (TaskId dependency : task.pendingDependencies().stream().sorted().toList()) {
                out.append("  ").append(nodeId(dependency)).append(" --> ").append(nodeId(task.id())).append('\n');
            }
        }
        if (!plan.criticalPath().isEmpty()) {
            out.append("  classDef critical fill:#fde2e2,stroke:#c0392b,stroke-width:2px\n");
            out.append("  class ").append(plan.criticalPath().stream().map(PlanReport::nodeId)
                    .collect(Collectors.joining(","))).append(" critical\n");
        }
        return out.toString();
    }

    /** Writes {@link #toMermaid} to {@code file} atomically. */
    public static void writeMermaid(Plan plan, Path file) throws IOException {
        writeAtomically(file, toMermaid(plan));
    }

    /**
     * A Mermaid node ID for a task: {@code t_AUTH_001}. Task IDs hold exactly one '-', which Mermaid could read
     * as part of an arrow; '_' never occurs in an ID, so the mapping stays one-to-one.
     */
    static String nodeId(TaskId id) {
        return "t_" + id.value().replace('-', '_');
    }

    /**
     * Text safe inside a quoted Mermaid label. Letters, digits, space and a few plain punctuation marks stay;
     * everything else (quotes, brackets, '#', '&lt;', '|', ';', '%', backticks) becomes a numeric entity code
     * {@code #NN;}, which Mermaid decodes when it draws. Line breaks become spaces.
     */
    static String mermaidText(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(' ');
            } else if (Character.isLetterOrDigit(c) || c == ' ' || ".,-_/:+=!?'*@".indexOf(c) >= 0) {
                out.appendCodePoint(c);
            } else {
                out.append('#').append(c).append(';');
            }
        });
        return out.toString();
    }

    /** Writes through a temporary file in the same directory, then renames it over the target. */
    static void writeAtomically(Path file, String content) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
