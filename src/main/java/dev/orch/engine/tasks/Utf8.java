package dev.orch.engine.tasks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation without decoding: discovery checks every PROMPT.md, and most are pure ASCII, which this
 * passes at memory speed. Rejects what a strict decoder rejects: stray continuation bytes, truncated sequences,
 * overlong forms, UTF-16 surrogates and code points above U+10FFFF.
 */
final class Utf8 {

    /** Reads 8 bytes at once, so ASCII runs are checked a word at a time. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    private Utf8() {
    }

    /** Index of the first '\n' in {@code a[from..to)}, or {@code to}. */
    static int indexOfNewline(byte[] a, int from, int to) {
        int i = from;
        while (i + 8 <= to) {
            long word = (long) LONGS.get(a, i) ^ NEWLINES; // a newline byte becomes zero
            long zeros = (word - ONES) & ~word & HIGH_BITS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
            i += 8;
        }
        while (i < to && a[i] != '\n') {
            i++;
        }
        return i;
    }

    static boolean isValid(byte[] bytes) {
        return isValid(bytes, bytes.length);
    }

    /** Whether the first {@code n} bytes are well-formed UTF-8. */
    static boolean isValid(byte[] bytes, int n) {
        int i = 0;
        while (i < n) {
            if (i + 8 <= n && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int extra;
            int min;
            if (b >= 0xC2 && b <= 0xDF) {
                extra = 1;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                extra = 2;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                extra = 3;
                min = 0x10000;
            } else {
                return false; // continuation byte, 0xC0/0xC1 (overlong) or 0xF5..0xFF
            }
            if (i + extra >= n) {
                return false;
            }
            int codePoint = b & (0x3F >> extra);
            for (int k = 1; k <= extra; k++) {
                int c = bytes[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    return false;
                }
                codePoint = (codePoint << 6) | (c & 0x3F);
            }
            if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                return false;
            }
            i += extra + 1;
        }
        return true;
    }
}
