package dev.orch.engine.tasks;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads what Orch needs from a taskplane-style PROMPT.md: ID, name, size, dependencies, file scope and model.
 *
 * <p>Pure and tolerant: headings are case-insensitive, blank lines, blockquotes and prose inside sections are
 * allowed, fenced code blocks and HTML comments are ignored (a {@code # comment} in a shell snippet is not a heading).
 * It scans the text once, line by line, with plain character checks instead of regular expressions, because
 * discovery parses thousands of these files.
 */
public final class PromptParser {

    /** Labels that may precede the ID in a dependency list item, e.g. {@code - **Task:** TP-004 (why)}. */
    private static final List<String> DEPENDENCY_LABELS = List.of(
            "task:", "tasks:", "requires:", "depends on:", "dependency:", "dependencies:", "blocked by:", "after:");

    private enum Section { NONE, DEPENDENCIES, FILE_SCOPE }

    private PromptParser() {
    }

    /**
     * Parses one PROMPT.md.
     *
     * @param markdown   the file's text
     * @param folderName the task folder's name, where the ID comes from when no {@code # Task:} heading gives one
     * @return what the prompt says; {@code id} is never null
     * @throws PromptParseException PROMPT_BAD_ID when the heading holds something that is not an ID,
     *                              PROMPT_NO_ID when neither the heading nor the folder name gives one
     */
    public static ParsedPrompt parse(String markdown, String folderName) {
        return parseUtf8(markdown.getBytes(StandardCharsets.UTF_8), folderName);
    }

    /**
     * Parses one PROMPT.md from its UTF-8 bytes (see {@link #parse}). Discovery calls this directly: the syntax
     * Orch reads is ASCII, so lines are found and filtered on the bytes and only the few lines that matter
     * (headings, fields, items of the two sections) are decoded, which keeps 10,000 files fast.
     */
    public static ParsedPrompt parseUtf8(byte[] text, String folderName) {
        return parseUtf8(text, text.length, folderName);
    }

    /** As {@link #parseUtf8(byte[], String)} for the first {@code length} bytes (discovery reuses its buffers). */
    public static ParsedPrompt parseUtf8(byte[] text, int length, String folderName) {
        String headingId = null;
        String name = null;
        boolean headingFound = false;
        Size size = null;
        String model = null;
        Set<DependencyRef> dependencies = new LinkedHashSet<>();
        Set<String> fileScope = new LinkedHashSet<>();

        Section section = Section.NONE;
        int sectionLevel = 0;
        char fenceChar = 0;
        int fenceLength = 0;
        boolean inComment = false;

        boolean byteOrderMark = length >= 3 && text[0] == (byte) 0xEF && text[1] == (byte) 0xBB
                && text[2] == (byte) 0xBF;
        int next = byteOrderMark ? 3 : 0;
        while (next < length) {
            int end = Utf8.indexOfNewline(text, next, length);
            int from = next;
            next = end + 1;
            while (from < end && isAsciiSpace(text[from])) {
                from++;
            }
            while (end > from && isAsciiSpace(text[end - 1])) {
                end--;
            }
            if (from == end) {
                continue;
            }
            if (inComment) {
                inComment = !containsCommentEnd(text, from, end);
                continue;
            }
            char first = (char) text[from]; // negative bytes (non-ASCII) match none of the checks below
            if (first != '#' && first != '`' && first != '~' && first != '<') {
                if (fenceChar != 0) {
                    continue;
                }
                if (section == Section.NONE) {
                    if (!startsWithField(text, from, end)) {
                        continue; // prose, steps, checklists: nothing Orch reads
                    }
                } else if (!(first == '-' || first == '*' || first == '+' || first == '_' || isDigit(first))) {
                    continue; // prose or a blockquote inside a section: allowed, ignored
                }
            }
            String stripped = new String(text, from, end - from, StandardCharsets.UTF_8);
            if (first == '`' || first == '~') {
                int run = runLength(stripped, first);
                if (run >= 3) {
                    if (fenceChar == 0) {
                        fenceChar = first;
                        fenceLength = run;
                    } else if (fenceChar == first && run >= fenceLength && run == stripped.length()) {
                        fenceChar = 0;
                    }
                    continue;
                }
            }
            if (fenceChar != 0) {
                continue;
            }
            if (stripped.startsWith("<!--")) {
                inComment = !stripped.contains("-->");
                continue;
            }

            if (first == '#') {
                int level = runLength(stripped, '#');
                if (level <= 6 && (level == stripped.length() || isBlank(stripped.charAt(level)))) {
                    String headingText = headingText(stripped.substring(level));
                    if (!headingFound) {
                        String[] idAndName = taskHeading(headingText, level);
                        if (idAndName != null) {
                            headingFound = true;
                            headingId = idAndName[0];
                            name = idAndName[1];
                        }
                    }
                    if (section != Section.NONE && level <= sectionLevel) {
                        section = Section.NONE;
                    }
                    Section kind = sectionKind(headingText);
                    if (kind != Section.NONE) {
                        section = kind;
                        sectionLevel = level;
                    }
                    continue;
                }
            }
            if (isThematicBreak(stripped)) {
                // taskplane's "---" divider: what follows (amendments) is not part of a section
                section = Section.NONE;
                continue;
            }

            String item = listItemContent(stripped);
            String fieldLine = item == null ? stripped : item;
            if (fieldLine.startsWith("**")) {
                String value;
                if (size == null && (value = fieldValue(fieldLine, "size")) != null) {
                    size = parseSize(value);
                    continue;
                }
                if (model == null && (value = fieldValue(fieldLine, "model")) != null) {
                    model = parseModel(value);
                    continue;
                }
                if ((value = fieldValue(fieldLine, "requires")) != null) {
                    addDependencyTokens(value, dependencies);
                    continue;
                }
            }
            if (item == null) {
                continue; // prose, blockquotes: never dependencies or scope entries
            }
            if (section == Section.DEPENDENCIES) {
                addDependencyItem(item, dependencies);
            } else if (section == Section.FILE_SCOPE) {
                String scope = scopeEntry(item);
                if (scope != null) {
                    fileScope.add(scope);
                }
            }
        }

        String id = headingId;
        if (id == null) {
            id = idFromFolderName(folderName);
        }
        if (id == null) {
            throw new PromptParseException(ProblemCode.PROMPT_NO_ID,
                    "PROMPT.md gives no task ID: it has no '# Task: <ID> — <name>' heading, and the folder name '"
                            + folderName + "' does not start with an ID.",
                    "Start PROMPT.md with a heading like '# Task: AUTH-001 — Login flow', or rename the folder to"
                            + " start with the ID (e.g. AUTH-001-" + slug(folderName) + ").");
        }
        return new ParsedPrompt(id, name, size == null ? Size.M : size, List.copyOf(dependencies),
                List.copyOf(fileScope), model);
    }

    /**
     * The ID a task folder's name starts with: the longest prefix matching the ID pattern that is followed by the
     * end of the name, {@code -} or {@code _} ({@code AUTH-001-login} gives {@code AUTH-001}); null when none.
     */
    public static String idFromFolderName(String folderName) {
        if (folderName == null) {
            return null;
        }
        int n = idLength(folderName, 0);
        if (n < 0) {
            return null;
        }
        if (n == folderName.length() || folderName.charAt(n) == '-' || folderName.charAt(n) == '_') {
            return folderName.substring(0, n);
        }
        return null;
    }

    /**
     * Normalizes one file scope entry: backslashes become slashes, a leading {@code ./} and a trailing {@code /},
     * {@code /**} or {@code /*} go, so {@code src/a/} and {@code src/a/**} both read {@code src/a}. Other globs stay as
     * written. An entry that covers the whole tree ({@code ./}, {@code .}) becomes {@code **}.
     */
    public static String normalizeScope(String raw) {
        String s = raw.strip().replace('\\', '/');
        while (s.startsWith("./")) {
            s = s.substring(2);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            if (s.endsWith("/**")) {
                s = s.substring(0, s.length() - 3);
                changed = true;
            } else if (s.endsWith("/*")) {
                s = s.substring(0, s.length() - 2);
                changed = true;
            } else if (s.endsWith("/") && s.length() > 1) {
                s = s.substring(0, s.length() - 1);
                changed = true;
            }
        }
        return s.isEmpty() || s.equals(".") ? "**" : s;
    }

    // ---- headings -------------------------------------------------------------------------------------------

    /** {id, name} when the heading is a task heading; null when it is some other heading. */
    private static String[] taskHeading(String text, int level) {
        String rest;
        int colon = taskPrefixColon(text);
        boolean prefixed = colon >= 0;
        if (prefixed) {
            rest = text.substring(colon + 1).strip();
        } else if (level == 1) {
            rest = text;
        } else {
            return null;
        }
        int from = skipDecoration(rest, 0);
        int n = idLength(rest, from);
        int after = from + n;
        if (n > 0) {
            after = skipDecoration(rest, after);
        }
        if (n > 0 && (after == rest.length() || isIdBoundary(rest.charAt(after)))) {
            return new String[] {rest.substring(from, from + n), nameAfter(rest, after)};
        }
        if (!prefixed) {
            return null; // an ordinary title such as "# Login flow"
        }
        String token = looseToken(rest, from);
        if (looksLikeId(token)) {
            String suggestion = token.toUpperCase(Locale.ROOT).replace('_', '-');
            throw new PromptParseException(ProblemCode.PROMPT_BAD_ID,
                    "The heading '# Task: " + rest + "' gives '" + token + "', which is not a task ID"
                            + " (an ID is capital letters or digits, a dash and a number, like AUTH-001).",
                    "Write the ID that way in the heading, e.g. '# Task: "
                            + (TaskId.isValid(suggestion) ? suggestion : "AUTH-001") + " — <name>'.");
        }
        return null; // "# Task: Login flow": a title without an ID, the folder name may give one
    }

    /** Index of the colon in "Task:" / "TASK :" at the start of a heading, or -1. */
    private static int taskPrefixColon(String text) {
        if (!startsWithIgnoreCase(text, "task")) {
            return -1;
        }
        int i = 4;
        while (i < text.length() && isBlank(text.charAt(i))) {
            i++;
        }
        return i < text.length() && text.charAt(i) == ':' ? i : -1;
    }

    private static String nameAfter(String rest, int index) {
        int i = index;
        while (i < rest.length() && isBlank(rest.charAt(i))) {
            i++;
        }
        if (i < rest.length() && isSeparator(rest.charAt(i))) {
            i++;
        }
        String name = rest.substring(Math.min(i, rest.length())).strip();
        return name.isEmpty() ? null : name;
    }

    private static String headingText(String afterHashes) {
        String s = afterHashes.strip();
        // closing sequence of an ATX heading: "## Dependencies ##"
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '#') {
            end--;
        }
        if (end < s.length() && (end == 0 || isBlank(s.charAt(end - 1)))) {
            s = s.substring(0, end).strip();
        }
        return s;
    }

    private static Section sectionKind(String headingText) {
        String t = stripDecoration(headingText).toLowerCase(Locale.ROOT);
        if (startsWithWord(t, "dependencies") || startsWithWord(t, "dependency") || startsWithWord(t, "depends on")) {
            return Section.DEPENDENCIES;
        }
        if (startsWithWord(t, "file scope") || startsWithWord(t, "files in scope")) {
            return Section.FILE_SCOPE;
        }
        return Section.NONE;
    }

    // ---- fields ---------------------------------------------------------------------------------------------

    /** The value of a {@code **Label:** value} (or {@code **Label**: value}) line, or null. */
    private static String fieldValue(String line, String label) {
        int labelEnd = 2 + label.length();
        if (line.length() < labelEnd + 1 || !line.regionMatches(true, 2, label, 0, label.length())) {
            return null;
        }
        if (line.startsWith(":**", labelEnd) || line.startsWith("**:", labelEnd)) {
            return line.substring(labelEnd + 3).strip();
        }
        return null;
    }

    private static Size parseSize(String value) {
        String word = leadingWord(value).toLowerCase(Locale.ROOT);
        switch (word) {
            case "s": case "small": return Size.S;
            case "l": case "large": return Size.L;
            default: return Size.M;
        }
    }

    private static String parseModel(String value) {
        String v = value.replace("`", "").strip();
        int space = indexOfBlank(v);
        String model = space < 0 ? v : v.substring(0, space);
        return model.isEmpty() ? null : model;
    }

    // ---- dependencies ---------------------------------------------------------------------------------------

    private static void addDependencyItem(String item, Set<DependencyRef> into) {
        String plain = item.replace("**", "").replace("`", "").strip();
        if (isNone(plain)) {
            return;
        }
        String lower = plain.toLowerCase(Locale.ROOT);
        for (String label : DEPENDENCY_LABELS) {
            if (lower.startsWith(label)) {
                plain = plain.substring(label.length());
                break;
            }
        }
        addDependencyTokens(plain, into);
    }

    /**
     * Adds the run of dependency tokens at the start of {@code text} ({@code AUTH-000, billing/BIL-002 and X-1}),
     * stopping at the first word that is not one, so annotations such as {@code (needs UTF-8)} add nothing.
     */
    private static void addDependencyTokens(String text, Set<DependencyRef> into) {
        String plain = text.replace("**", "").replace("`", "");
        if (isNone(plain)) {
            return;
        }
        int i = 0;
        int n = plain.length();
        while (i < n) {
            while (i < n && (isBlank(plain.charAt(i)) || plain.charAt(i) == ',')) {
                i++;
            }
            int tokenStart = i;
            while (i < n && !isBlank(plain.charAt(i)) && plain.charAt(i) != ',') {
                i++;
            }
            if (tokenStart == i) {
                break;
            }
            String token = plain.substring(tokenStart, i);
            if (token.equalsIgnoreCase("and") || token.equals("&") || token.equals("+")) {
                continue;
            }
            DependencyRef ref = dependencyToken(token);
            if (ref == null) {
                break;
            }
            into.add(ref);
        }
    }

    /** {@code AUTH-000}, {@code billing/BIL-002}, {@code _AUTH-000_:}, {@code [AUTH-000](../AUTH-000/PROMPT.md)}. */
    private static DependencyRef dependencyToken(String token) {
        int from = 0;
        int to = token.length();
        while (from < to && "*_[".indexOf(token.charAt(from)) >= 0) {
            from++;
        }
        int bracket = token.indexOf(']', from);
        if (bracket >= 0) {
            to = bracket;
        }
        while (to > from && "*_.,;:)!?".indexOf(token.charAt(to - 1)) >= 0) {
            to--;
        }
        String t = token.substring(from, to);
        int slash = t.lastIndexOf('/');
        String area = null;
        String id = t;
        if (slash >= 0) {
            area = t.substring(0, slash);
            id = t.substring(slash + 1);
            if (!isAreaName(area)) {
                return null;
            }
        }
        return idLength(id, 0) == id.length() ? new DependencyRef(area, id) : null;
    }

    private static boolean isAreaName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return s.charAt(0) != '.';
    }

    /** "None", "**None**", "_None_", "None.", "(none)", "None — first task": the word none, alone or leading. */
    private static boolean isNone(String text) {
        int i = 0;
        while (i < text.length() && !Character.isLetterOrDigit(text.charAt(i))) {
            i++;
        }
        if (!text.regionMatches(true, i, "none", 0, 4)) {
            return false;
        }
        int after = i + 4;
        return after >= text.length() || !Character.isLetterOrDigit(text.charAt(after));
    }

    // ---- file scope -----------------------------------------------------------------------------------------

    private static String scopeEntry(String item) {
        String s = item.strip();
        int i = 0;
        while (i < s.length() && (s.charAt(i) == '*' || s.charAt(i) == '_') && s.indexOf('`') > i) {
            i++;
        }
        String raw;
        if (i < s.length() && s.charAt(i) == '`') {
            int close = s.indexOf('`', i + 1);
            raw = close < 0 ? s.substring(i + 1) : s.substring(i + 1, close);
        } else {
            if (s.startsWith("(") || isNone(s)) {
                return null;
            }
            int space = indexOfBlank(s);
            raw = space < 0 ? s : s.substring(0, space);
            while (!raw.isEmpty() && ",;".indexOf(raw.charAt(raw.length() - 1)) >= 0) {
                raw = raw.substring(0, raw.length() - 1);
            }
        }
        raw = raw.strip();
        return raw.isEmpty() ? null : normalizeScope(raw);
    }

    // ---- markdown helpers -----------------------------------------------------------------------------------

    /** Whether the line (from..end) is, possibly as a list item, a {@code **Label:**} field line. */
    private static boolean startsWithField(byte[] text, int from, int end) {
        int i = from;
        byte c = text[i];
        if ((c == '-' || c == '*' || c == '+') && i + 1 < end && isBlank((char) text[i + 1])) {
            i += 2;
        } else if (c >= '0' && c <= '9') {
            while (i < end && text[i] >= '0' && text[i] <= '9') {
                i++;
            }
            if (i + 1 >= end || (text[i] != '.' && text[i] != ')') || !isBlank((char) text[i + 1])) {
                return false;
            }
            i += 2;
        }
        while (i < end && isBlank((char) text[i])) {
            i++;
        }
        return i + 1 < end && text[i] == '*' && text[i + 1] == '*';
    }

    private static boolean containsCommentEnd(byte[] text, int from, int end) {
        for (int i = from; i + 2 < end; i++) {
            if (text[i] == '-' && text[i + 1] == '-' && text[i + 2] == '>') {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiSpace(byte b) {
        return b >= 0 && b <= ' ';
    }

    /** The text of a list item ({@code -}, {@code *}, {@code +}, {@code 1.}, {@code 1)}), checkbox removed; else null. */
    private static String listItemContent(String stripped) {
        char c = stripped.charAt(0);
        int contentStart;
        if (c == '-' || c == '*' || c == '+') {
            if (stripped.length() == 1) {
                return "";
            }
            if (!isBlank(stripped.charAt(1))) {
                return null;
            }
            contentStart = 2;
        } else if (c >= '0' && c <= '9') {
            int i = 0;
            while (i < stripped.length() && i < 9 && Character.isDigit(stripped.charAt(i))) {
                i++;
            }
            if (i >= stripped.length() - 1 || (stripped.charAt(i) != '.' && stripped.charAt(i) != ')')
                    || !isBlank(stripped.charAt(i + 1))) {
                return null;
            }
            contentStart = i + 2;
        } else {
            return null;
        }
        String content = stripped.substring(contentStart).strip();
        if (content.length() >= 3 && content.charAt(0) == '[' && content.charAt(2) == ']'
                && " xX".indexOf(content.charAt(1)) >= 0) {
            content = content.substring(3).strip();
        }
        return content;
    }

    private static boolean isThematicBreak(String stripped) {
        char c = stripped.charAt(0);
        if (c != '-' && c != '*' && c != '_') {
            return false;
        }
        int count = 0;
        for (int i = 0; i < stripped.length(); i++) {
            char d = stripped.charAt(i);
            if (d == c) {
                count++;
            } else if (!isBlank(d)) {
                return false;
            }
        }
        return count >= 3;
    }

    // ---- ID helpers -----------------------------------------------------------------------------------------

    /** Length of the ID ({@code [A-Z][A-Z0-9]*-[0-9]+}, greedy) starting at {@code from}, or -1. */
    static int idLength(String s, int from) {
        int n = s.length();
        int i = from;
        if (i >= n || !isUpper(s.charAt(i))) {
            return -1;
        }
        i++;
        while (i < n && (isUpper(s.charAt(i)) || isDigit(s.charAt(i)))) {
            i++;
        }
        if (i >= n || s.charAt(i) != '-') {
            return -1;
        }
        i++;
        int digitsStart = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        return i == digitsStart ? -1 : i - from;
    }

    /** Something the author meant as an ID but wrote wrongly: {@code auth-1}, {@code AUTH_1}, {@code AUTH-1a}. */
    private static boolean looksLikeId(String token) {
        if (token.isEmpty() || !Character.isLetter(token.charAt(0))) {
            return false;
        }
        boolean digit = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (Character.isDigit(c)) {
                digit = true;
            } else if (!(Character.isLetter(c) || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return digit;
    }

    private static String looseToken(String s, int from) {
        int i = from;
        while (i < s.length() && !isBlank(s.charAt(i)) && s.charAt(i) != ':' && s.charAt(i) != '—'
                && s.charAt(i) != '–' && s.charAt(i) != '*' && s.charAt(i) != '`') {
            i++;
        }
        String token = s.substring(from, i);
        while (token.endsWith("-")) {
            token = token.substring(0, token.length() - 1);
        }
        return token;
    }

    private static String slug(String folderName) {
        String s = folderName == null ? "" : folderName.toLowerCase(Locale.ROOT);
        return s.isEmpty() ? "task" : s;
    }

    private static boolean isIdBoundary(char c) {
        return isBlank(c) || isSeparator(c);
    }

    private static boolean isSeparator(char c) {
        return c == '—' || c == '–' || c == '-' || c == ':';
    }

    private static int skipDecoration(String s, int from) {
        int i = from;
        while (i < s.length() && (s.charAt(i) == '*' || s.charAt(i) == '`' || s.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    private static String stripDecoration(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && "*_`".indexOf(s.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && "*_`:".indexOf(s.charAt(to - 1)) >= 0) {
            to--;
        }
        return s.substring(from, to).strip();
    }

    private static boolean startsWithWord(String text, String word) {
        return text.startsWith(word) && (text.length() == word.length()
                || !Character.isLetterOrDigit(text.charAt(word.length())));
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static String leadingWord(String value) {
        int i = 0;
        while (i < value.length() && !Character.isLetter(value.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < value.length() && Character.isLetter(value.charAt(i))) {
            i++;
        }
        return value.substring(start, i);
    }

    private static int runLength(String s, char c) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == c) {
            i++;
        }
        return i;
    }

    private static int indexOfBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isBlank(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
