package dev.orch.engine.reports;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A tiny HTML writer whose output is also well-formed XML (so it can be parsed and checked): every element is
 * closed, every text and attribute value is escaped, and characters XML cannot hold are replaced. Elements are
 * closed in order by {@link #close()}; {@link #toString()} refuses a document with elements left open.
 */
final class Html {
    private final StringBuilder out = new StringBuilder(16 * 1024);
    private final Deque<String> open = new ArrayDeque<>();

    /** Opens an element; attributes are name/value pairs, a null value leaves the attribute out. */
    Html open(String tag, String... attributes) {
        startTag(tag, attributes);
        out.append('>');
        open.push(tag);
        return this;
    }

    /** Closes the innermost open element. */
    Html close() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** Closes elements up to and including the innermost {@code tag}. */
    Html close(String tag) {
        while (!open.isEmpty()) {
            String top = open.pop();
            out.append("</").append(top).append('>');
            if (top.equals(tag)) {
                return this;
            }
        }
        throw new IllegalStateException("no open <" + tag + ">");
    }

    /** An element with escaped text content. */
    Html element(String tag, Object text, String... attributes) {
        startTag(tag, attributes);
        out.append('>');
        text(text);
        out.append("</").append(tag).append('>');
        return this;
    }

    /** A self-closed element: HTML void elements (meta, br) and SVG shapes only. */
    Html empty(String tag, String... attributes) {
        startTag(tag, attributes);
        out.append("/>");
        return this;
    }

    Html text(Object text) {
        if (text != null) {
            escape(String.valueOf(text), false);
        }
        return this;
    }

    /**
     * Style or script text written as a CDATA section hidden in a comment, so both an HTML parser (which reads it
     * as raw text) and an XML parser accept it. The text is Orch's own, never task text.
     */
    Html code(String tag, String code) {
        if (code.contains("]]>") || code.contains("</")) {
            throw new IllegalArgumentException("code must not contain ]]> or </");
        }
        out.append('<').append(tag).append(">/*<![CDATA[*/\n").append(code).append("\n/*]]>*/</").append(tag)
                .append('>');
        return this;
    }

    /** Trusted markup written as is (a doctype). */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    private void startTag(String tag, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        out.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                out.append(' ').append(attributes[i]).append("=\"");
                escape(attributes[i + 1], true);
                out.append('"');
            }
        }
    }

    private void escape(String text, boolean attribute) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\'' -> out.append(attribute ? "&#39;" : "'");
                case '\n', '\t' -> out.append(attribute ? "&#" + (int) c + ";" : String.valueOf(c));
                case '\r' -> out.append("&#13;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (XmlText.allowed(c)) {
                        out.append(c);
                    } else {
                        out.append('\uFFFD');
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }
}
