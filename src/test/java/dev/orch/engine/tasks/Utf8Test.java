package dev.orch.engine.tasks;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8Test {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void acceptsAsciiAndMultiByteText() {
        assertTrue(Utf8.isValid("# Task: A-1 — Login ├── 日本 😀".getBytes(StandardCharsets.UTF_8)));
        assertTrue(Utf8.isValid(new byte[0]));
    }

    @Test
    void rejectsMalformedSequences() {
        assertFalse(Utf8.isValid(bytes(0x80)));                   // stray continuation byte
        assertFalse(Utf8.isValid(bytes(0xC3, 0x28)));             // bad continuation
        assertFalse(Utf8.isValid(bytes('a', 0xE2, 0x80)));        // truncated at the end
        assertFalse(Utf8.isValid(bytes(0xC0, 0xAF)));             // overlong '/'
        assertFalse(Utf8.isValid(bytes(0xE0, 0x80, 0xAF)));       // overlong, 3 bytes
        assertFalse(Utf8.isValid(bytes(0xED, 0xA0, 0x80)));       // UTF-16 surrogate
        assertFalse(Utf8.isValid(bytes(0xF4, 0x90, 0x80, 0x80))); // above U+10FFFF
        assertFalse(Utf8.isValid(bytes(0xFF)));
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[random.nextInt(24)];
            random.nextBytes(b);
            for (int i = 0; i < b.length; i++) {
                if (random.nextInt(3) > 0) {
                    b[i] &= 0x7F; // mostly ASCII, so the 8-byte fast path runs too
                }
            }
            assertEquals(jdkAccepts(b), Utf8.isValid(b), () -> java.util.Arrays.toString(b));
        }
    }

    @Test
    void findsNewlinesInEveryPositionOfAWord() {
        for (int at = 0; at < 20; at++) {
            byte[] b = "x".repeat(20).getBytes(StandardCharsets.UTF_8);
            b[at] = '\n';
            if (at + 3 < 20) {
                b[at + 3] = '\n';
            }
            assertEquals(at, Utf8.indexOfNewline(b, 0, b.length));
            assertEquals(at, Utf8.indexOfNewline(b, at, b.length));
        }
        assertEquals(20, Utf8.indexOfNewline(new byte[20], 0, 20));
        byte[] highBytes = "é—é—é—é—\nx".getBytes(StandardCharsets.UTF_8);
        assertEquals(highBytes.length - 2, Utf8.indexOfNewline(highBytes, 0, highBytes.length));
    }

    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
