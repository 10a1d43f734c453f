package dev.orch.maven;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC sections 1 and 7 as the generated descriptor exposes them, for every Orch goal (all but the generated
 * {@code help}): aggregator, thread-safe, needs a POM, and every shared parameter with its {@code orch.*} property,
 * default and help text.
 */
class GoalDescriptorTest {

    /** Every user-facing parameter and its default (null = none). */
    static final Map<String, String> SPEC_PARAMETERS = new LinkedHashMap<>();

    static {
        SPEC_PARAMETERS.put("tasksDirectory", "${basedir}/tasks");
        SPEC_PARAMETERS.put("areas", null);
        SPEC_PARAMETERS.put("maxLanes", "3");
        SPEC_PARAMETERS.put("strategy", "affinity-first");
        SPEC_PARAMETERS.put("agentCommand", null);
        SPEC_PARAMETERS.put("driver", "auto");
        SPEC_PARAMETERS.put("maxRetries", "1");
        SPEC_PARAMETERS.put("taskTimeout", "0");
        SPEC_PARAMETERS.put("stallTimeout", "30");
        SPEC_PARAMETERS.put("onTaskFailure", "skip-dependents");
        SPEC_PARAMETERS.put("onMergeFailure", "pause");
        SPEC_PARAMETERS.put("mergeOrder", "fewest-files-first");
        SPEC_PARAMETERS.put("verifyCommand", null);
        SPEC_PARAMETERS.put("mergeAgentCommand", null);
        SPEC_PARAMETERS.put("integration", "ff");
        SPEC_PARAMETERS.put("worktreeDirectory", "${basedir}/.orch/worktrees");
        SPEC_PARAMETERS.put("failOnTaskFailure", "true");
        SPEC_PARAMETERS.put("skip", "false");
    }

    static List<PluginDescriptor.Goal> orchGoals() throws Exception {
        List<PluginDescriptor.Goal> goals = PluginDescriptor.goals().stream()
                .filter(goal -> !goal.name().equals("help"))
                .toList();
        assertTrue(goals.stream().anyMatch(goal -> goal.name().equals("plan")), "no plan goal");
        return goals;
    }

    @ParameterizedTest(name = "orch:{0}")
    @MethodSource("orchGoals")
    void everyGoalIsAThreadSafeAggregatorThatNeedsAProject(PluginDescriptor.Goal goal) {
        assertTrue(goal.flag("aggregator"), "aggregator");
        assertTrue(goal.flag("threadSafe"), "threadSafe");
        assertTrue(goal.flag("requiresProject"), "requiresProject");
    }

    @ParameterizedTest(name = "orch:{0}")
    @MethodSource("orchGoals")
    void everySpecParameterHasItsPropertyDefaultAndHelpText(PluginDescriptor.Goal goal) {
        assertAll(SPEC_PARAMETERS.entrySet().stream().map(entry -> () -> {
            String name = entry.getKey();
            PluginDescriptor.Parameter parameter = goal.parameters().get(name);
            assertNotNull(parameter, "missing parameter " + name);
            assertTrue(parameter.editable(), name + " must be settable");
            assertEquals("${orch." + name + "}", parameter.expression(), name + " user property");
            assertEquals(entry.getValue(), parameter.defaultValue(), name + " default");
            assertFalse(parameter.description().isBlank(), name + " needs a Javadoc sentence for orch:help");
        }));
    }

    @Test
    void defaultsUseBasedirWhichResolvesWithoutAProjectModel() throws Exception {
        PluginDescriptor.Goal plan = PluginDescriptor.goal("plan");
        plan.parameters().values().forEach(parameter -> {
            String defaultValue = parameter.defaultValue();
            assertFalse(defaultValue != null && defaultValue.contains("${project.basedir}"),
                    parameter.name() + " uses ${project.basedir}");
        });
        assertEquals("${basedir}/target/orchestrate", plan.parameters().get("stateDirectory").defaultValue());
        assertFalse(plan.parameters().get("stateDirectory").editable(), "stateDirectory is fixed by SPEC section 5");
    }

    @Test
    void everyGoalOfSpecSectionOneExists() throws Exception {
        assertEquals(List.of("abort", "help", "plan", "resume", "run", "status"),
                PluginDescriptor.goals().stream().map(PluginDescriptor.Goal::name).sorted().toList());
    }

    @Test
    void abortHasItsOwnParameters() throws Exception {
        PluginDescriptor.Goal abort = PluginDescriptor.goal("abort");
        assertEquals("${orch.abortGracePeriod}", abort.parameters().get("abortGracePeriod").expression());
        assertEquals("60", abort.parameters().get("abortGracePeriod").defaultValue());
        assertEquals("${orch.hard}", abort.parameters().get("hard").expression());
        assertEquals("${orch.dryRun}", abort.parameters().get("dryRun").expression());
    }

    @ParameterizedTest(name = "orch:{0}")
    @MethodSource("orchGoals")
    void abortOnlyParametersBelongToAbortOnly(PluginDescriptor.Goal goal) {
        if (goal.name().equals("abort")) {
            return;
        }
        for (String abortOnly : new String[] {"abortGracePeriod", "hard", "dryRun"}) {
            assertFalse(goal.parameters().containsKey(abortOnly), abortOnly + " belongs to orch:abort only");
        }
    }
}
