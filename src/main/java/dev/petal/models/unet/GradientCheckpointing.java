package dev.petal.models.unet;

import dev.petal.tensor.NoGrad;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gradient checkpointing for the UNet: the forward pass runs without autograd, keeping only each block's inputs;
 * the backward pass then recomputes one block at a time (post, up blocks, mid, down blocks, pre) with autograd
 * and back-propagates into it, routing the skip connections' and the time embedding's gradients by hand. Peak
 * activation memory drops from the whole UNet's to one block's, for one extra forward pass of compute. Gradients
 * equal those of the plain backward (tested).
 */
public final class GradientCheckpointing {
    private GradientCheckpointing() {
    }

    /**
     * Computes {@code loss(unet(sample, t, context))}, back-propagates it into every parameter that requires grad,
     * and returns the (detached) loss.
     */
    public static Tensor lossAndBackward(UNet2DConditionModel unet, Tensor sample, Tensor timesteps, Tensor context,
                                         Function<Tensor, Tensor> loss) {
        int nDown = unet.downBlocks.size(), nUp = unet.upBlocks.size();
        long factor = 1L << (nDown - 1);
        boolean matchSkipSize = sample.size(2) % factor != 0 || sample.size(3) % factor != 0;
        // ---- pass 1: no autograd, remember block inputs
        Tensor emb, postInput, midInput;
        List<Tensor> downInputs = new ArrayList<>(), upInputs = new ArrayList<>();
        List<List<Tensor>> upSkips = new ArrayList<>();
        List<long[]> upSizes = new ArrayList<>();
        List<Integer> upStart = new ArrayList<>(); // where each up block's skips sit in the skip list
        List<Tensor> skips = new ArrayList<>();
        try (NoGrad g = NoGrad.open()) {
            Tensor[] pre = pre(unet, sample, timesteps);
            Tensor h = pre[0];
            emb = pre[1];
            skips.add(h);
            for (int i = 0; i < nDown; i++) {
                downInputs.add(h);
                h = unet.downBlocks.get(i).forward(h, emb, context, skips);
            }
            midInput = h;
            if (unet.midBlock != null) h = unet.midBlock.forward(h, emb, context);
            List<Tensor> remaining = new ArrayList<>(skips);
            for (int j = 0; j < nUp; j++) {
                int k = unet.upBlocks.get(j).resnets.size();
                upInputs.add(h);
                upStart.add(remaining.size() - k);
                upSkips.add(new ArrayList<>(remaining.subList(remaining.size() - k, remaining.size())));
                long[] size = unet.upBlocks.get(j).upsampleSize(remaining, matchSkipSize);
                upSizes.add(size);
                h = unet.upBlocks.get(j).forward(h, emb, context, remaining, size);
            }
            postInput = h;
        }
        // ---- pass 2: recompute each block with autograd, last to first
        Tensor[] skipGrads = new Tensor[skips.size()];
        Tensor embGrad = null;
        Tensor x = leaf(postInput);
        Tensor out = unet.convOut.forward(torch.silu(unet.convNormOut.forward(x)));
        Tensor l = loss.apply(out);
        l.backward();
        Tensor g = x.grad();
        for (int j = nUp - 1; j >= 0; j--) {
            x = leaf(upInputs.get(j));
            Tensor e = leaf(emb);
            List<Tensor> s = new ArrayList<>();
            for (Tensor t : upSkips.get(j)) s.add(leaf(t));
            List<Tensor> consumed = new ArrayList<>(s);
            Tensor y = unet.upBlocks.get(j).forward(x, e, context, consumed, upSizes.get(j));
            backward(List.of(y), List.of(g));
            g = x.grad();
            embGrad = add(embGrad, e.grad());
            int first = upStart.get(j);
            for (int k = 0; k < s.size(); k++) skipGrads[first + k] = add(skipGrads[first + k], s.get(k).grad());
        }
        if (unet.midBlock != null) {
            x = leaf(midInput);
            Tensor e = leaf(emb);
            backward(List.of(unet.midBlock.forward(x, e, context)), List.of(g));
            g = x.grad();
            embGrad = add(embGrad, e.grad());
        }
        int outEnd = skips.size();
        for (int i = nDown - 1; i >= 0; i--) {
            x = leaf(downInputs.get(i));
            Tensor e = leaf(emb);
            List<Tensor> produced = new ArrayList<>();
            unet.downBlocks.get(i).forward(x, e, context, produced);
            int first = outEnd - produced.size();
            List<Tensor> grads = new ArrayList<>();
            for (int k = 0; k < produced.size(); k++) {
                Tensor gk = skipGrads[first + k];
                if (k == produced.size() - 1) gk = add(gk, g); // the block's output also feeds the next block
                grads.add(gk);
            }
            backward(produced, grads);
            g = x.grad();
            embGrad = add(embGrad, e.grad());
            outEnd = first;
        }
        Tensor[] pre = pre(unet, sample, timesteps);
        List<Tensor> outs = new ArrayList<>(), grads = new ArrayList<>();
        Tensor g0 = add(g, skipGrads[0]);
        if (pre[0].requires_grad() && g0 != null) {
            outs.add(pre[0]);
            grads.add(g0);
        }
        if (pre[1].requires_grad() && embGrad != null) {
            outs.add(pre[1]);
            grads.add(embGrad);
        }
        if (!outs.isEmpty()) backward(outs, grads);
        return l.detach();
    }

    /** conv_in(sample) and the time embedding, as in the plain forward. */
    private static Tensor[] pre(UNet2DConditionModel unet, Tensor sample, Tensor timesteps) {
        long batch = sample.size(0);
        Tensor ts = timesteps.to(sample.device(), timesteps.scalar_type());
        Tensor t = ts.dim() == 0 ? ts.unsqueeze(0).expand(batch) : ts;
        Tensor tProj = TimestepEmbedding.sinusoid(t, unet.config.blockOutChannels().get(0), unet.config.flipSinToCos(),
                unet.config.freqShift()).to(sample.scalar_type());
        Tensor emb = unet.timeEmbedding.forward(tProj);
        Tensor in = unet.config.centerInputSample() ? sample.mul(new org.bytedeco.pytorch.Scalar(2.0)).sub(new org.bytedeco.pytorch.Scalar(1.0)) : sample;
        return new Tensor[]{unet.convIn.forward(in), emb};
    }

    private static Tensor leaf(Tensor t) {
        return t.detach().requires_grad_(true);
    }

    private static Tensor add(Tensor a, Tensor b) {
        if (b == null || !b.defined()) return a;
        if (a == null || !a.defined()) return b;
        return a.add(b);
    }

    /** Back-propagates outputs with their incoming gradients, skipping outputs that need none. */
    private static void backward(List<Tensor> outputs, List<Tensor> grads) {
        TensorVector o = new TensorVector(), gv = new TensorVector();
        for (int k = 0; k < outputs.size(); k++) {
            Tensor gk = grads.get(k);
            if (!outputs.get(k).requires_grad() || gk == null || !gk.defined()) continue;
            o.push_back(outputs.get(k));
            gv.push_back(gk);
        }
        if (o.size() > 0) torch.backward(o, gv, new BoolOptional(), false, new TensorVector());
    }
}
