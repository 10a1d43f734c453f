package dev.orch.engine.running;

import dev.orch.engine.state.Phase;
import dev.orch.testing.Ledger;
import dev.orch.testing.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fresh repository per test, its tmux server and agents stopped afterwards. */
abstract class RunTestSupport {
    @TempDir
    Path temp;

    TestRepo repo;

    @BeforeEach
    void createRepository() throws Exception {
        repo = new TestRepo(temp);
    }

    @AfterEach
    void stopLeftovers() {
        repo.close();
    }

    static void assertCompleted(BatchOutcome outcome) {
        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message());
        assertEquals(List.of(), outcome.failed(), outcome.message());
        assertEquals(List.of(), outcome.blocked(), outcome.message());
    }

    static void assertContains(List<String> files, String... expected) {
        for (String file : expected) {
            assertTrue(files.contains(file), file + " missing in " + files);
        }
    }

    static void assertLacks(List<String> files, String... unexpected) {
        for (String file : unexpected) {
            assertTrue(!files.contains(file), file + " unexpectedly present in " + files);
        }
    }

    Ledger ledger() throws Exception {
        return repo.ledgerEntries();
    }

    /** Path of a task folder's .DONE in the repository. */
    static String done(String area, String id) {
        return "tasks/" + area + "/" + id + "-task/.DONE";
    }
}
