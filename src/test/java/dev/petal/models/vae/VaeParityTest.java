package dev.petal.models.vae;

import dev.petal.Fixtures;
import dev.petal.Parity;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every VAE fixture folder ({@code vae/<cfg>/}) reproduces diffusers' encoder, posterior and decoder at 1e-4. */
class VaeParityTest {
    static final double TOL = 1e-4;

    @TestFactory
    Stream<DynamicTest> everyVaeFixture() throws IOException {
        Path root = Fixtures.sd().resolve("vae");
        List<Path> cases;
        try (Stream<Path> s = Files.list(root)) {
            cases = s.filter(p -> Files.isDirectory(p.resolve("model"))).sorted().toList();
        }
        assertFalse(cases.isEmpty());
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private void check(Path dir) throws IOException {
        AutoencoderKL vae = AutoencoderKL.load(dir.resolve("model"));
        String c = dir.getFileName().toString();
        try (SafetensorsFile io = SafetensorsFile.open(dir.resolve("io.safetensors")); NoGrad g = NoGrad.open()) {
            Tensor image = Tensors.load(io, "in.image");
            Parity.assertClose(c + " enc.encoder_out", vae.encoderOutput(image), io, "enc.encoder_out", TOL);
            AutoencoderKL.LatentDistribution post = vae.encode(image);
            Parity.assertClose(c + " enc.moments", torch.cat(new TensorVector(post.mean(), post.logvar()), 1), io, "enc.moments", TOL);
            Parity.assertClose(c + " enc.mean", post.mean(), io, "enc.mean", TOL);
            Parity.assertClose(c + " enc.logvar", post.logvar(), io, "enc.logvar", TOL);
            Parity.assertClose(c + " enc.std", post.std(), io, "enc.std", TOL);
            Parity.assertClose(c + " enc.sample", post.sample(Tensors.load(io, "enc.sample_eps")), io, "enc.sample", TOL);
            Parity.assertClose(c + " dec.sample", vae.decode(Tensors.load(io, "in.latent")), io, "dec.sample", TOL);
            Parity.assertClose(c + " recon", vae.decode(post.mean()), io, "recon.sample_posterior_false", TOL);
        }
    }
}
