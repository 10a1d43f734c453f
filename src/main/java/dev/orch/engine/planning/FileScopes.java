package dev.orch.engine.planning;

import java.util.ArrayList;
import java.util.List;

/**
 * What part of the repository a file-scope entry covers, as a list of path segments.
 *
 * <p>An entry covers a path and everything below it: {@code src/a} covers {@code src/a/B.java} but not
 * {@code src/ab}. A glob entry covers the directory before its first glob character ({@code src/**}{@code /*.java}
 * covers {@code src}; {@code *.java} and {@code **}{@code /*.java} cover the whole repository). Two entries overlap
 * when one's segments are a prefix of the other's; {@link ScopeGroups} uses the segments to build a trie.
 *
 * <p>Where this deviates from taskplane ({@code scopesOverlap} in extensions/taskplane/waves.ts), and why:
 * taskplane lets two plain entries overlap only when equal, and a glob cover the text before its '*'
 * ({@code src/a/Foo*.java} covers {@code src/a/Foo...}). Here every plain entry covers its subtree, because
 * discovery has already turned {@code src/a/} and {@code src/a/**} into {@code src/a} and a plain entry may be a
 * directory; and a glob covers its whole directory, which over-serializes a little rather than let two lanes
 * edit the same file.
 */
public final class FileScopes {
    private static final String GLOB_CHARS = "*?[{";

    private FileScopes() {
    }

    /** The path segments an entry covers; an empty list means the whole repository. */
    public static List<String> coveredSegments(String entry) {
        String path = entry.replace('\\', '/');
        int glob = firstGlobChar(path);
        if (glob >= 0) {
            // The segment holding the glob char is itself a pattern: keep only the directories before it.
            int slash = path.lastIndexOf('/', glob);
            path = slash < 0 ? "" : path.substring(0, slash);
        }
        List<String> segments = new ArrayList<>(8);
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            if (end > start && !(end == start + 1 && path.charAt(start) == '.')) {
                segments.add(path.substring(start, end));
            }
            start = end + 1;
        }
        return segments;
    }

    /**
     * Whether two entries overlap. The pairwise definition, for tests and one-off questions; planning a wave uses
     * the trie in {@link ScopeGroups}, which gives the same answer without comparing every pair.
     */
    public static boolean overlap(String a, String b) {
        List<String> left = coveredSegments(a);
        List<String> right = coveredSegments(b);
        List<String> shorter = left.size() <= right.size() ? left : right;
        List<String> longer = shorter == left ? right : left;
        return longer.subList(0, shorter.size()).equals(shorter);
    }

    private static int firstGlobChar(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (GLOB_CHARS.indexOf(path.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
