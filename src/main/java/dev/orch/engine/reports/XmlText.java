package dev.orch.engine.reports;

/** Text that XML 1.0 can hold: agent output is full of control characters (ANSI colours) that it cannot. */
final class XmlText {
    private static final java.util.regex.Pattern ANSI = java.util.regex.Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]");

    private XmlText() {
    }

    /** A single char XML 1.0 allows (surrogates only in pairs, which callers check). */
    static boolean allowed(char c) {
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }

    /** Replaces what XML cannot hold with U+FFFD, and strips ANSI escape sequences (colours, cursor moves). */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        String withoutAnsi = text.indexOf('\u001B') < 0 ? text : ANSI.matcher(text).replaceAll("");
        StringBuilder out = new StringBuilder(withoutAnsi.length());
        for (int i = 0; i < withoutAnsi.length(); i++) {
            char c = withoutAnsi.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < withoutAnsi.length()
                    && Character.isLowSurrogate(withoutAnsi.charAt(i + 1))) {
                out.append(c).append(withoutAnsi.charAt(++i));
            } else {
                out.append(allowed(c) ? c : '\uFFFD');
            }
        }
        return out.toString();
    }
}
