package dev.orch.maven;

import dev.orch.engine.Console;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.OrchException;
import dev.orch.engine.OrchFailure;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parameter-to-config mapping of the shared base mojo. The mojo is filled the way Maven fills it: with the
 * defaults the generated descriptor declares, {@code ${basedir}} resolved, then individual values overridden.
 */
class AbstractOrchMojoTest {
    @TempDir
    Path project;

    private RecordingMojo mojo;

    /** A goal that records what it was given and can be told to throw. */
    static final class RecordingMojo extends AbstractOrchMojo {
        final List<OrchConfig> runs = new ArrayList<>();
        final List<String> logged = new ArrayList<>();
        RuntimeException toThrow;

        RecordingMojo() {
            setLog(new SystemStreamLog() {
                @Override
                public void info(CharSequence content) {
                    logged.add(content.toString());
                }
            });
        }

        @Override
        protected void run(OrchConfig config, Console console) {
            runs.add(config);
            if (toThrow != null) {
                throw toThrow;
            }
        }
    }

    @BeforeEach
    void fillDefaults() throws Exception {
        mojo = new RecordingMojo();
        for (PluginDescriptor.Parameter parameter : PluginDescriptor.goal("plan").parameters().values()) {
            String value = parameter.defaultValue();
            if (value != null) {
                set(parameter.name(), value.replace("${basedir}", project.toString()));
            }
        }
    }

    @Test
    void defaultsMatchTheEngineDefaults() throws Exception {
        assertEquals(OrchConfig.defaults(project), mojo.config());
    }

    @Test
    void skipLogsAndDoesNotRun() throws Exception {
        set("skip", "true");
        set("driver", "not-even-valid");

        mojo.execute();

        assertEquals(List.of(), mojo.runs);
        assertEquals(List.of("Skipping Orch (orch.skip=true)"), mojo.logged);
    }

    @Test
    void settingsReachTheConfig() throws Exception {
        set("areas", " core, web ,,core");
        set("maxLanes", "5");
        set("strategy", "Load-Balanced");
        set("taskTimeout", "0.1");
        set("agentCommand", "sh demo-agent.sh");
        set("verifyCommand", "  ");
        set("integration", "none");

        mojo.execute();

        OrchConfig config = mojo.runs.get(0);
        assertEquals(List.of("core", "web"), config.areas());
        assertEquals(5, config.maxLanes());
        assertEquals("load-balanced", config.strategy().label());
        assertEquals(0.1, config.taskTimeoutMinutes());
        assertEquals("sh demo-agent.sh", config.agentCommand());
        assertEquals(null, config.verifyCommand(), "a blank command is no command");
        assertEquals("none", config.integration());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "maxLanes       | 0           | Invalid orch.maxLanes '0': use a whole number of at least 1.",
            "maxRetries     | -1          | Invalid orch.maxRetries '-1': use a whole number of at least 0.",
            "taskTimeout    | -0.5        | Invalid orch.taskTimeout '-0.5': use minutes, 0 or more (fractions allowed, 0 = none).",
            "stallTimeout   | NaN         | Invalid orch.stallTimeout 'NaN': use minutes, 0 or more (fractions allowed, 0 = none).",
            "strategy       | fastest     | Invalid orch.strategy 'fastest': use one of affinity-first, round-robin, load-balanced.",
            "driver         | screen      | Invalid orch.driver 'screen': use one of auto, tmux, process.",
            "onTaskFailure  | ignore      | Invalid orch.onTaskFailure 'ignore': use one of skip-dependents, stop-wave, stop-all.",
            "onMergeFailure | retry       | Invalid orch.onMergeFailure 'retry': use one of pause, abort.",
            "mergeOrder     | random      | Invalid orch.mergeOrder 'random': use one of fewest-files-first, sequential.",
            "integration    | rebase      | Invalid orch.integration 'rebase': use one of ff, merge, none.",
    })
    void badValuesFailWithTheAllowedValuesAndRunNothing(String name, String value, String message) throws Exception {
        set(name, value);

        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);

        assertEquals(message, failure.getMessage());
        assertEquals(List.of(), mojo.runs);
    }

    @Test
    void userMistakesFailTheBuild() {
        mojo.toThrow = new OrchException("the backlog has a cycle");

        MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);

        assertEquals("the backlog has a cycle", failure.getMessage());
        assertSame(mojo.toThrow, failure.getCause());
    }

    @Test
    void breakageIsAnExecutionError() {
        mojo.toThrow = new OrchFailure("cannot write plan.json");
        assertEquals("cannot write plan.json",
                assertThrows(MojoExecutionException.class, mojo::execute).getMessage());

        mojo.toThrow = new IllegalStateException("bug");
        assertInstanceOf(IllegalStateException.class,
                assertThrows(MojoExecutionException.class, mojo::execute).getCause());
    }

    private void set(String name, String value) throws Exception {
        Field field = AbstractOrchMojo.class.getDeclaredField(name);
        field.setAccessible(true);
        BiConsumer<Field, Object> assign = (f, v) -> {
            try {
                f.set(mojo, v);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        };
        Class<?> type = field.getType();
        if (type == String.class) {
            assign.accept(field, value);
        } else if (type == File.class) {
            assign.accept(field, new File(value));
        } else if (type == int.class) {
            assign.accept(field, Integer.parseInt(value));
        } else if (type == double.class) {
            assign.accept(field, Double.parseDouble(value));
        } else if (type == boolean.class) {
            assign.accept(field, Boolean.parseBoolean(value));
        } else {
            throw new IllegalArgumentException("unexpected parameter type " + type + " of " + name);
        }
    }
}
