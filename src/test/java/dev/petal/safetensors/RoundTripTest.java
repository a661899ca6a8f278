package dev.petal.safetensors;

import dev.petal.Fixtures;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every safetensors file of the SD fixtures re-writes bit for bit, through raw bytes and through libtorch. */
class RoundTripTest {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyFixtureFileRoundTripsBitExactly() {
        List<Path> files = Fixtures.walk(Fixtures.sd(), ".safetensors");
        assertFalse(files.isEmpty(), "no fixture files found");
        return files.stream().flatMap(f -> Stream.of(
                DynamicTest.dynamicTest("raw " + Fixtures.sd().relativize(f), () -> rawRoundTrip(f)),
                DynamicTest.dynamicTest("torch " + Fixtures.sd().relativize(f), () -> torchRoundTrip(f))));
    }

    private void rawRoundTrip(Path file) throws Exception {
        Path out = tmp.resolve("raw-" + file.getFileName());
        try (SafetensorsFile src = SafetensorsFile.open(file)) {
            List<SafetensorsWriter.Item> items = new ArrayList<>();
            for (TensorEntry e : src.header().tensors()) {
                items.add(new SafetensorsWriter.Item(e.name(), e.dtype(), e.shape(), src.bytes(e.name())));
            }
            SafetensorsWriter.write(out, items, src.metadata());
        }
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(out), "bytes differ after raw round trip of " + file);
    }

    /** Loads every tensor into libtorch and saves the map: the reference writer's order must come out. */
    private void torchRoundTrip(Path file) throws Exception {
        Path out = tmp.resolve("torch-" + file.getFileName());
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata;
        try (SafetensorsFile src = SafetensorsFile.open(file)) {
            List<String> names = new ArrayList<>(src.names());
            java.util.Collections.reverse(names); // the writer must restore the order itself
            for (String n : names) tensors.put(n, Tensors.load(src, n));
            metadata = src.metadata();
        }
        Tensors.save(out, tensors, metadata);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(out), "bytes differ after torch round trip of " + file);
    }
}
