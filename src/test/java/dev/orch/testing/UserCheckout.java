package dev.orch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the user sees in their checkout: the checked-out branch and commit, what is staged, and the bytes of every
 * file in the working tree (Orch's own folders .orch and target excepted). Read without taking git's optional
 * locks, so sampling it during a run cannot disturb the run.
 */
public record UserCheckout(String branch, String commit, String staged, Map<String, String> files) {

    public static UserCheckout of(TestRepo repo) {
        return new UserCheckout(
                repo.run("--no-optional-locks", "symbolic-ref", "-q", "HEAD"),
                repo.run("--no-optional-locks", "rev-parse", "HEAD"),
                repo.run("--no-optional-locks", "diff", "--cached", "--binary"),
                files(repo.root));
    }

    private static Map<String, String> files(Path root) {
        Map<String, String> files = new TreeMap<>();
        try {
            Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path dir,
                                                                       java.nio.file.attribute.BasicFileAttributes a) {
                    Path relative = root.relativize(dir);
                    return relative.getNameCount() == 1 && Set.of(".git", ".orch", "target")
                            .contains(relative.toString()) ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                            : java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path file,
                                                               java.nio.file.attribute.BasicFileAttributes a)
                        throws IOException {
                    try {
                        files.put(root.relativize(file).toString(), HexFormat.of().formatHex(
                                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                    } catch (NoSuchAlgorithmException e) {
                        throw new IllegalStateException(e);
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return files;
    }

    /** Samples the checkout every few milliseconds on a thread of its own and keeps every snapshot that differs. */
    public static final class Sampler implements AutoCloseable {
        private final TestRepo repo;
        private final UserCheckout expected;
        private final List<String> differences = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean running = true;
        private volatile int samples;

        public Sampler(TestRepo repo, UserCheckout expected) {
            this.repo = repo;
            this.expected = expected;
            this.thread = new Thread(this::loop, "user-checkout-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            while (running) {
                try {
                    UserCheckout now = UserCheckout.of(repo);
                    samples++;
                    if (!now.equals(expected)) {
                        differences.add(now.toString());
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException | AssertionError e) {
                    differences.add("sampling failed: " + e);
                }
            }
        }

        /** Stops sampling; returns the snapshots that differed from the expected one. */
        public List<String> stop() throws InterruptedException {
            running = false;
            thread.join(5000);
            return List.copyOf(differences);
        }

        public int samples() {
            return samples;
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
