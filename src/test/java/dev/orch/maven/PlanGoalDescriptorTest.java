package dev.orch.maven;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC section 7 as the generated descriptor exposes it: names, {@code orch.*} properties, defaults, help text. */
class PlanGoalDescriptorTest {

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

    @Test
    void planIsAnAggregatorThatNeedsAProject() throws Exception {
        PluginDescriptor.Goal plan = PluginDescriptor.goal("plan");
        assertTrue(plan.flag("aggregator"), "aggregator");
        assertTrue(plan.flag("threadSafe"), "threadSafe");
        assertTrue(plan.flag("requiresProject"), "requiresProject");
    }

    @Test
    void everySpecParameterHasItsPropertyDefaultAndHelpText() throws Exception {
        PluginDescriptor.Goal plan = PluginDescriptor.goal("plan");
        assertAll(SPEC_PARAMETERS.entrySet().stream().map(entry -> () -> {
            String name = entry.getKey();
            PluginDescriptor.Parameter parameter = plan.parameters().get(name);
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
    void abortOnlyParametersAreNotSharedByEveryGoal() throws Exception {
        PluginDescriptor.Goal plan = PluginDescriptor.goal("plan");
        for (String abortOnly : new String[] {"abortGracePeriod", "hard", "dryRun"}) {
            assertFalse(plan.parameters().containsKey(abortOnly), abortOnly + " belongs to orch:abort only");
        }
    }
}
