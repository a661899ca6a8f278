package dev.petal.models.unet;

/**
 * The named points of the UNet's data flow where the paper's adapters read and write (PAPER.md). In a
 * transformer block, with x the tokens entering it and c the text context:
 * <pre>
 *   SA_IN  = x                 SA_OUT  = attn1(norm1(x))      h1 = x + SA_OUT
 *   CA_IN  = h1                CA_C    = c (this block only)  CA_OUT = attn2(norm2(h1), c)
 *   FFN_IN = h2 = h1 + CA_OUT  FFN_OUT = ff(norm3(h2))        TRANS_OUT = y = h2 + FFN_OUT
 * </pre>
 * and in a ResBlock, RES_IN is its input (before body and skip) and RES_OUT its output.
 */
public enum TapPoint {
    SA_IN, SA_OUT, CA_IN, CA_C, CA_OUT, FFN_IN, FFN_OUT, TRANS_OUT, RES_IN, RES_OUT
}
