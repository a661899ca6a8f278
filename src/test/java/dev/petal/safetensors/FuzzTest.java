package dev.petal.safetensors;

import dev.petal.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of mutated headers and truncated files: opening (and, if that succeeds, decoding every tensor) may
 * only ever throw {@link SafetensorsException} — never another exception, a hang or a native fault.
 */
class FuzzTest {
    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "-1", "0", "18446744073709551615",
            "9223372036854775807", "1e300", "null", "true", "\"F32\"", "\"BF16\"", "\"dtype\"", "\"shape\"",
            "\"data_offsets\"", "\"__metadata__\"", "\\u0000", "\uFFFF", " "};

    @TempDir
    Path tmp;

    @Test
    void mutatedFilesOnlyRaiseTypedErrors() throws Exception {
        Random rnd = new Random(20230331);
        List<byte[]> seeds = List.of(
                Files.readAllBytes(Fixtures.sd().resolve("lora/kohya/lora_kohya.safetensors")),
                Files.readAllBytes(Fixtures.sd().resolve("schedulers/ddim_eps/tables.safetensors")),
                Files.readAllBytes(Fixtures.sd().resolve("unet/tiny/io.safetensors")));
        int opened = 0, rejected = 0;
        Path file = tmp.resolve("fuzz.safetensors");
        for (int i = 0; i < 4000; i++) {
            byte[] seed = seeds.get(i % seeds.size());
            byte[] mutated = mutate(seed, rnd);
            Files.write(file, mutated);
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                for (String n : f.names()) {
                    TensorEntry e = f.entry(n);
                    if (e.numel() < 1_000_000) f.doubles(n);
                }
                opened++;
            } catch (SafetensorsException expected) {
                rejected++;
            } catch (Throwable t) {
                fail("mutation " + i + " raised " + t + " instead of SafetensorsException", t);
            }
        }
        assertTrue(rejected > 1000, "most mutations must be rejected, got " + rejected);
        assertTrue(opened > 50, "some mutations (data-only) must still open, got " + opened);
    }

    private static byte[] mutate(byte[] seed, Random rnd) {
        long headerLen = ByteBuffer.wrap(seed).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        int hEnd = (int) (8 + headerLen);
        return switch (rnd.nextInt(6)) {
            case 0 -> Arrays.copyOf(seed, rnd.nextInt(seed.length)); // truncation anywhere
            case 1 -> { // flip bytes inside the header
                byte[] b = seed.clone();
                for (int k = 0, n = 1 + rnd.nextInt(4); k < n; k++) b[8 + rnd.nextInt(hEnd - 8)] = (byte) rnd.nextInt(256);
                yield b;
            }
            case 2 -> { // splice a JSON token into the header and fix the length so parsing reaches it
                String h = new String(seed, 8, hEnd - 8, StandardCharsets.UTF_8);
                int at = rnd.nextInt(h.length());
                String m = h.substring(0, at) + TOKENS[rnd.nextInt(TOKENS.length)] + h.substring(Math.min(h.length(), at + rnd.nextInt(3)));
                yield withHeader(m.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(seed, hEnd, seed.length));
            }
            case 3 -> { // corrupt the length prefix
                byte[] b = seed.clone();
                b[rnd.nextInt(8)] = (byte) rnd.nextInt(256);
                yield b;
            }
            case 4 -> { // change digits in offsets/shapes
                byte[] b = seed.clone();
                for (int k = 0; k < 3; k++) {
                    int p = 8 + rnd.nextInt(hEnd - 8);
                    if (b[p] >= '0' && b[p] <= '9') b[p] = (byte) ('0' + rnd.nextInt(10));
                }
                yield b;
            }
            default -> { // flip data bytes only: must still open and decode
                byte[] b = seed.clone();
                if (b.length > hEnd) b[hEnd + rnd.nextInt(b.length - hEnd)] ^= (byte) 0xFF;
                yield b;
            }
        };
    }

    private static byte[] withHeader(byte[] header, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(header.length).put(header).put(data).array();
    }
}
