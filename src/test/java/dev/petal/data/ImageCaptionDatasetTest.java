package dev.petal.data;

import dev.petal.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageCaptionDatasetTest {
    @TempDir
    Path tmp;

    /** A w×h image: left half red, right half blue. */
    static void halves(Path file, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(Color.BLUE);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, file.toString().endsWith(".jpg") ? "jpg" : "png", file.toFile());
    }

    Path metadataFolder(String... lines) throws IOException {
        Path dir = tmp.resolve("meta");
        halves(dir.resolve("a.png"), 8, 8);
        halves(dir.resolve("b.png"), 8, 8);
        Files.write(dir.resolve("metadata.jsonl"), List.of(lines));
        return dir;
    }

    static String error(Path dir) {
        return assertThrows(IllegalArgumentException.class, () -> ImageCaptionDataset.open(dir, 8, false, 0)).getMessage();
    }

    @Test
    void readsMetadataJsonlInItsOrder() throws IOException {
        Path dir = metadataFolder("{\"file_name\": \"b.png\", \"text\": \"an emoji of a blue thing\", \"style\": \"x\"}", "",
                "{\"file_name\": \"a.png\", \"text\": \"  an emoji of a red thing \"}");
        var ds = ImageCaptionDataset.open(dir, 8, false, 0);
        assertEquals(2, ds.size());
        assertEquals("an emoji of a blue thing", ds.caption(0));
        assertEquals("an emoji of a red thing", ds.caption(1), "trimmed");
        assertEquals(dir.resolve("a.png"), ds.examples().get(1).file());
    }

    @Test
    void readsTextFilesBesideImages() throws IOException {
        Path dir = tmp.resolve("txt");
        halves(dir.resolve("one.png"), 8, 8);
        halves(dir.resolve("two.jpg"), 8, 8);
        Files.writeString(dir.resolve("one.txt"), "an emoji of one\n");
        Files.writeString(dir.resolve("two.txt"), "an emoji of two");
        Files.writeString(dir.resolve("notes.md"), "not an image");
        var ds = ImageCaptionDataset.open(dir, 8, false, 0);
        assertEquals(List.of("an emoji of one", "an emoji of two"), List.of(ds.caption(0), ds.caption(1)));
    }

    @Test
    void imagesAreScaledToMinusOneToOne() throws IOException {
        Path dir = tmp.resolve("range");
        halves(dir.resolve("x.png"), 8, 8);
        Files.writeString(dir.resolve("x.txt"), "x");
        var ds = ImageCaptionDataset.open(dir, 8, false, 0);
        var t = ds.image(0, 0);
        assertArrayEquals(new long[]{3, 8, 8}, Tensors.shape(t));
        float[] v = Tensors.toFloats(t);
        assertEquals(1f, v[0], 1e-6);          // red channel, left
        assertEquals(-1f, v[64 * 2], 1e-6);    // blue channel, left
        assertEquals(1f, v[64 * 2 + 7], 1e-6); // blue channel, right
        assertEquals(-1f, v[64], 1e-6);        // green everywhere
    }

    @Test
    void resizesTheShorterSideAndCropsTheCenter() throws IOException {
        Path dir = tmp.resolve("crop");
        halves(dir.resolve("wide.png"), 40, 20);   // → 32×16 → center 16×16: columns 8..23, red | blue at 16
        Files.writeString(dir.resolve("wide.txt"), "wide");
        var ds = ImageCaptionDataset.open(dir, 16, false, 0);
        float[] v = ds.pixels(0, false);
        assertEquals(3 * 16 * 16, v.length);
        assertEquals(1f, v[2 * 16 + 0], 0.02);       // red at the left edge
        assertEquals(1f, v[2 * 16 + 7], 0.1);
        assertEquals(-1f, v[2 * 16 + 15], 0.02);     // no red at the right edge
        assertEquals(1f, v[2 * 256 + 2 * 16 + 15], 0.02); // blue there

        var up = ImageCaptionDataset.open(dir, 64, false, 0); // upscaling (bicubic)
        assertEquals(3 * 64 * 64, up.pixels(0, false).length);
        var tall = tmp.resolve("tall");
        halves(tall.resolve("t.png"), 10, 30);
        Files.writeString(tall.resolve("t.txt"), "tall");
        float[] t = ImageCaptionDataset.open(tall, 10, false, 0).pixels(0, false);
        assertEquals(1f, t[0], 1e-6);
        assertEquals(-1f, t[9], 1e-6);
    }

    @Test
    void flipsAreSeededPerEpochAndMirrorTheImage() throws IOException {
        Path dir = tmp.resolve("flip");
        for (int i = 0; i < 16; i++) {
            halves(dir.resolve("i" + i + ".png"), 8, 8);
            Files.writeString(dir.resolve("i" + i + ".txt"), "image " + i);
        }
        var a = ImageCaptionDataset.open(dir, 8, true, 7);
        var b = ImageCaptionDataset.open(dir, 8, true, 7);
        var c = ImageCaptionDataset.open(dir, 8, true, 8);
        var none = ImageCaptionDataset.open(dir, 8, false, 7);
        boolean[] fa = new boolean[64], fb = new boolean[64], fc = new boolean[64];
        int flips = 0;
        for (int i = 0; i < 64; i++) {
            fa[i] = a.flipped(i % 16, i / 16);
            fb[i] = b.flipped(i % 16, i / 16);
            fc[i] = c.flipped(i % 16, i / 16);
            assertFalse(none.flipped(i % 16, i / 16));
            if (fa[i]) flips++;
        }
        assertArrayEquals(fa, fb, "same seed, same flips");
        assertFalse(Arrays.equals(fa, fc), "another seed, other flips");
        assertTrue(flips > 16 && flips < 48, flips + " of 64 flipped");
        assertFalse(Arrays.equals(new boolean[]{a.flipped(0, 0), a.flipped(1, 0), a.flipped(2, 0), a.flipped(3, 0), a.flipped(4, 0), a.flipped(5, 0)},
                new boolean[]{a.flipped(0, 1), a.flipped(1, 1), a.flipped(2, 1), a.flipped(3, 1), a.flipped(4, 1), a.flipped(5, 1)}), "epochs differ");

        float[] plain = a.pixels(0, false), mirrored = a.pixels(0, true);
        assertEquals(plain[0], mirrored[7]);
        assertNotEquals(plain[0], mirrored[0]);
        int i = 0;
        while (!a.flipped(i, 3)) i++;
        assertArrayEquals(mirrored, Tensors.toFloats(a.image(i, 3)));
    }

    @Test
    void batchesAndShuffles() throws IOException {
        Path dir = tmp.resolve("batch");
        for (int i = 0; i < 5; i++) {
            halves(dir.resolve("i" + i + ".png"), 8, 8);
            Files.writeString(dir.resolve("i" + i + ".txt"), "image " + i);
        }
        var ds = ImageCaptionDataset.open(dir, 8, true, 1);
        var batch = ds.batch(new int[]{4, 2}, 0);
        assertArrayEquals(new long[]{2, 3, 8, 8}, Tensors.shape(batch.images()));
        assertEquals(List.of("image 4", "image 2"), batch.captions());
        float[] v = Tensors.toFloats(batch.images());
        assertArrayEquals(ds.pixels(2, ds.flipped(2, 0)), Arrays.copyOfRange(v, 192, 384));
        assertEquals(List.of("image 0", "image 1", "image 2", "image 3", "image 4"), ds.captions());
        assertEquals(5, ds.images().size());
        assertArrayEquals(ds.pixels(3, false), Tensors.toFloats(ds.images().get(3)), "images() are unflipped");
        int[] order = ds.shuffled(3);
        assertArrayEquals(order, ds.shuffled(3));
        assertArrayEquals(new int[]{0, 1, 2, 3, 4}, Arrays.stream(order).sorted().toArray());
    }

    @Test
    void folderErrorsNameTheFolder() throws IOException {
        assertTrue(error(tmp.resolve("nope")).contains("not a folder"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertTrue(error(empty).contains("no images"), error(empty));
        Files.writeString(empty.resolve("metadata.jsonl"), "\n");
        assertTrue(error(empty).contains("no images"));
    }

    @Test
    void brokenImagesAndMissingCaptionsAreNamed() throws IOException {
        Path dir = tmp.resolve("broken");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bad.png"), "this is not a png");
        Files.writeString(dir.resolve("bad.txt"), "bad");
        String e = error(dir);
        assertTrue(e.contains("bad.png") && e.contains("not a readable image"), e);

        Path nocap = tmp.resolve("nocap");
        halves(nocap.resolve("lonely.png"), 8, 8);
        e = error(nocap);
        assertTrue(e.contains("lonely.png") && e.contains("no caption") && e.contains("lonely.txt"), e);
        Files.writeString(nocap.resolve("lonely.txt"), "  \n");
        e = error(nocap);
        assertTrue(e.contains("lonely.txt") && e.contains("empty caption"), e);
    }

    @Test
    void metadataErrorsNameTheLine() throws IOException {
        String a = "{\"file_name\": \"a.png\", \"text\": \"a\"}", b = "{\"file_name\": \"b.png\", \"text\": \"b\"}";
        String e = error(metadataFolder(a, "{\"file_name\": \"c.png\", \"text\": \"c\"}", b));
        assertTrue(e.contains("line 2") && e.contains("c.png") && e.contains("does not exist"), e);
        e = error(metadataFolder(a, "{not json", b));
        assertTrue(e.contains("line 2") && e.contains("not valid JSON"), e);
        e = error(metadataFolder(a, b, "{\"file_name\": \"a.png\"}"));
        assertTrue(e.contains("line 3") && e.contains("no caption"), e);
        e = error(metadataFolder(a, "{\"text\": \"b\"}"));
        assertTrue(e.contains("line 2") && e.contains("file_name"), e);
        e = error(metadataFolder(a, b, a));
        assertTrue(e.contains("line 3") && e.contains("listed twice"), e);
        e = error(metadataFolder(a));
        assertTrue(e.contains("b.png") && e.contains("not listed"), e);
        e = error(metadataFolder(a, b, "{\"file_name\": \"../outside.png\", \"text\": \"x\"}"));
        assertTrue(e.contains("line 3"), e);
        e = error(metadataFolder(a, b, "[1, 2]"));
        assertTrue(e.contains("line 3") && e.contains("JSON object"), e);
    }

    @Test
    void badResolutionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ImageCaptionDataset.open(tmp, 0, false, 0));
    }
}
