package dev.petal.safetensors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LargeAndShardedTest {
    @TempDir
    Path tmp;

    /** A (sparse) 2.2 GiB file: tensors past the 2 GiB mark read correctly through the mapped segment. */
    @Test
    void filesLargerThan2GiBWork() throws Exception {
        long big = 2_300_000_000L;
        String json = "{\"big\":{\"dtype\":\"U8\",\"shape\":[" + big + "],\"data_offsets\":[0," + big + "]},"
                + "\"tail\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + big + "," + (big + 8) + "]}}";
        byte[] h = json.getBytes();
        Path p = tmp.resolve("big.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            f.write(h);
            f.setLength(8 + h.length + big + 8);
            f.seek(8 + h.length + big);
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2.25f).array());
        }
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertArrayEquals(new float[]{1.5f, -2.25f}, f.floats("tail"));
            assertEquals(big, f.bytes("big").byteSize());
            assertEquals(0, f.bytes("big").get(ValueLayout.JAVA_BYTE, big - 1));
        }
    }

    @Test
    void shardedCheckpointReadsAcrossShards() throws Exception {
        SafetensorsWriter.write(tmp.resolve("model-00001-of-00002.safetensors"),
                List.of(new SafetensorsWriter.Item("a", DType.F32, new long[]{2}, MemorySegment.ofArray(new float[]{1, 2}))), Map.of());
        SafetensorsWriter.write(tmp.resolve("model-00002-of-00002.safetensors"),
                List.of(new SafetensorsWriter.Item("b", DType.F32, new long[]{1}, MemorySegment.ofArray(new float[]{3}))), Map.of());
        Files.writeString(tmp.resolve("model.safetensors.index.json"), """
                {"metadata": {"total_size": 12}, "weight_map": {"a": "model-00001-of-00002.safetensors",
                 "b": "model-00002-of-00002.safetensors"}}""");
        try (TensorSource src = Checkpoints.open(tmp)) {
            assertEquals(List.of("a", "b"), src.names());
            assertArrayEquals(new float[]{1, 2}, src.floats("a"));
            assertArrayEquals(new float[]{3}, src.floats("b"));
            assertEquals("12", src.metadata().get("total_size"));
        }
    }

    @Test
    void shardIndexNamingAMissingFileFails() throws Exception {
        Path index = tmp.resolve("m.safetensors.index.json");
        Files.writeString(index, "{\"weight_map\": {\"a\": \"gone.safetensors\"}}");
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Checkpoints.open(index));
        assertTrue(e.getMessage().contains("gone.safetensors") && e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void halfAndBfloat16DecodeToFloat() throws Exception {
        short[] f16 = {Float.floatToFloat16(1.5f), Float.floatToFloat16(-0.25f)};
        short bf = (short) (Float.floatToIntBits(3.0f) >>> 16);
        Path p = tmp.resolve("h.safetensors");
        SafetensorsWriter.write(p, List.of(
                new SafetensorsWriter.Item("h", DType.F16, new long[]{2}, MemorySegment.ofArray(f16)),
                new SafetensorsWriter.Item("b", DType.BF16, new long[]{1}, MemorySegment.ofArray(new short[]{bf}))), Map.of());
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertArrayEquals(new float[]{1.5f, -0.25f}, f.floats("h"));
            assertArrayEquals(new float[]{3.0f}, f.floats("b"));
        }
    }

    @Test
    void variantFilesAreChosenByName() throws Exception {
        SafetensorsWriter.write(tmp.resolve("diffusion_pytorch_model.safetensors"),
                List.of(new SafetensorsWriter.Item("w", DType.F32, new long[]{1}, MemorySegment.ofArray(new float[]{1}))), Map.of());
        SafetensorsWriter.write(tmp.resolve("diffusion_pytorch_model.fp16.safetensors"),
                List.of(new SafetensorsWriter.Item("w", DType.F16, new long[]{1}, MemorySegment.ofArray(new short[]{Float.floatToFloat16(2)}))), Map.of());
        try (TensorSource plain = Checkpoints.open(tmp); TensorSource half = Checkpoints.open(tmp, "fp16")) {
            assertArrayEquals(new float[]{1}, plain.floats("w"));
            assertArrayEquals(new float[]{2}, half.floats("w"));
        }
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Checkpoints.open(tmp, "bf16"));
        assertTrue(e.getMessage().contains("bf16"), e.getMessage());
        java.nio.file.Files.delete(tmp.resolve("diffusion_pytorch_model.safetensors"));
        try (TensorSource only = Checkpoints.open(tmp)) {
            assertArrayEquals(new float[]{2}, only.floats("w"), "a folder with only the fp16 variant uses it");
        }
    }
}
