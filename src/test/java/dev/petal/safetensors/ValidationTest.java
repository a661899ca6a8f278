package dev.petal.safetensors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each way a file can be wrong gives a SafetensorsException that names the file (and tensor). */
class ValidationTest {
    @TempDir
    Path tmp;

    static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (int i = 0; i < dataBytes; i++) b.put((byte) i);
        return b.array();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private String fails(byte[] bytes, String... expectedFragments) throws IOException {
        Path p = write("bad.safetensors", bytes);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(p).close());
        assertTrue(e.getMessage().contains(p.toString()), "message names the file: " + e.getMessage());
        for (String f : expectedFragments) assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void validFileReads() throws IOException {
        Path p = write("ok.safetensors", file("{\"__metadata__\":{\"k\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[2,2],\"data_offsets\":[8,12]}}", 12));
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals("v", f.metadata().get("k"));
            assertArrayEquals(new long[]{2, 2}, f.entry("b").shape());
            assertArrayEquals(new long[]{8, 9, 10, 11}, f.longs("b"));
            assertEquals(2, f.floats("a").length);
            SafetensorsException missing = assertThrows(SafetensorsException.class, () -> f.entry("c"));
            assertTrue(missing.getMessage().contains("'c'"));
        }
    }

    @Test
    void truncatedData() throws IOException {
        fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 10), "truncated");
    }

    @Test
    void trailingGarbage() throws IOException {
        fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 9), "trailing");
    }

    @Test
    void overlappingOffsets() throws IOException {
        fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
                "not contiguous");
    }

    @Test
    void gapBetweenTensors() throws IOException {
        fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12),
                "'b'", "not contiguous");
    }

    @Test
    void shapeDoesNotMatchByteLength() throws IOException {
        fails(file("{\"w\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "'w'", "needs 6 bytes");
    }

    @Test
    void unknownDtype() throws IOException {
        fails(file("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1), "'w'", "dtype");
    }

    @Test
    void headerLengthTooLarge() throws IOException {
        byte[] b = file("{}", 0);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        fails(b, "exceeds the limit");
    }

    @Test
    void headerLengthPastEnd() throws IOException {
        byte[] b = file("{}", 0);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 500);
        fails(b, "runs past the end");
    }

    @Test
    void notJson() throws IOException {
        fails(file("{not json", 0), "not valid JSON");
    }

    @Test
    void duplicateKeys() throws IOException {
        fails(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", 2),
                "not valid JSON");
    }

    @Test
    void metadataMustBeStrings() throws IOException {
        fails(file("{\"__metadata__\":{\"n\":3}}", 0), "__metadata__");
    }

    @Test
    void negativeShape() throws IOException {
        fails(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,1]}}", 1), "'a'", "non-negative");
    }

    @Test
    void tooSmallAndEmpty() throws IOException {
        fails(new byte[0], "too small");
        fails(new byte[5], "too small");
    }

    @Test
    void invalidUtf8() throws IOException {
        byte[] b = file("{\"a\":1}", 0);
        b[10] = (byte) 0xC3;
        b[11] = (byte) 0x28;
        fails(b, "UTF-8");
    }

    @Test
    void pickleCheckpointsAreRefusedWithConversionHelp() throws IOException {
        Path ckpt = write("model.ckpt", new byte[]{(byte) 0x80, 2, 0, 0, 0, 0, 0, 0, 0});
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(ckpt));
        assertTrue(e.getMessage().contains("pickle") && e.getMessage().contains("save_file"), e.getMessage());
        Path bin = write("pytorch_model.bin", new byte[16]);
        assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(bin));
        // a torch.save zip renamed to .safetensors is recognised by its magic bytes
        byte[] zip = new byte[64];
        zip[0] = 'P';
        zip[1] = 'K';
        fails(zip, "pickle");
    }

    @Test
    void missingFileAndDirectory() {
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(tmp.resolve("nope.safetensors")));
        assertTrue(e.getMessage().contains("not found"));
        assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(tmp));
    }

    @Test
    void writerIsAtomicAndLeavesNoTemporaryFiles() throws IOException {
        Path target = write("w.safetensors", new byte[]{1, 2, 3});
        java.lang.foreign.MemorySegment tooShort = java.lang.foreign.MemorySegment.ofArray(new byte[3]);
        assertThrows(SafetensorsException.class, () -> SafetensorsWriter.write(target,
                java.util.List.of(new SafetensorsWriter.Item("x", DType.F32, new long[]{1}, tooShort)), java.util.Map.of()));
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(target), "failed write must leave the old file intact");
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary files left behind");
        }
    }
}
