package dev.petal.adapters;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.petal.models.unet.TapPoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paper's adapter positions (PAPER.md): where an adapter reads its input and where its output is added.
 * In a transformer block the data-flow order is SA_in, SA_out, CA_in, CA_out, FFN_in, FFN_out, Trans_out;
 * CA_c is the text context of that block's cross-attention; Res_in/Res_out belong to ResBlocks.
 */
public enum Position {
    SA_IN("SA_in", "attn1i", TapPoint.SA_IN, Kind.TOKENS, 0, true),
    SA_OUT("SA_out", "attn1o", TapPoint.SA_OUT, Kind.TOKENS, 1, false),
    CA_IN("CA_in", "attn2i", TapPoint.CA_IN, Kind.TOKENS, 2, true),
    CA_OUT("CA_out", "attn2o", TapPoint.CA_OUT, Kind.TOKENS, 3, false),
    CA_C("CA_c", "attn2c", TapPoint.CA_C, Kind.CONTEXT, 0, true),
    FFN_IN("FFN_in", "ffni", TapPoint.FFN_IN, Kind.TOKENS, 4, true),
    FFN_OUT("FFN_out", "ffno", TapPoint.FFN_OUT, Kind.TOKENS, 5, false),
    TRANS_OUT("Trans_out", "transo", TapPoint.TRANS_OUT, Kind.TOKENS, 6, true),
    RES_IN("Res_in", "resi", TapPoint.RES_IN, Kind.RES, 0, true),
    RES_OUT("Res_out", "reso", TapPoint.RES_OUT, Kind.RES, 1, true);

    /** What an adapter at this position reads: transformer tokens, the text context, or a ResBlock's feature map. */
    public enum Kind { TOKENS, CONTEXT, RES }

    private final String label;
    private final String authorsName;
    private final TapPoint tap;
    private final Kind kind;
    private final int order;
    private final boolean output;

    Position(String label, String authorsName, TapPoint tap, Kind kind, int order, boolean output) {
        this.label = label;
        this.authorsName = authorsName;
        this.tap = tap;
        this.kind = kind;
        this.order = order;
        this.output = output;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public String authorsName() {
        return authorsName;
    }

    public TapPoint tap() {
        return tap;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether something can be added here (SA_out, CA_out and FFN_out coincide with the next output point). */
    public boolean isOutput() {
        return output;
    }

    /** The outputs an adapter reading {@code this} may write to: same kind, at or after it in the data flow. */
    public List<Position> validOutputs() {
        List<Position> out = new ArrayList<>();
        for (Position p : values()) {
            if (p.output && p.kind == kind && p.order >= order) out.add(p);
        }
        return out;
    }

    /** Parses "CA_out", "ca_out", "CA-out" or the authors' code names ("attn2o"). */
    @JsonCreator
    public static Position parse(String s) {
        String k = s.trim().replace('-', '_').toLowerCase(Locale.ROOT);
        for (Position p : values()) {
            if (p.label.toLowerCase(Locale.ROOT).equals(k) || p.authorsName.equals(k)) return p;
        }
        throw new IllegalArgumentException("unknown adapter position '" + s + "' (valid: " + labels(List.of(values())) + ")");
    }

    public static String labels(List<Position> ps) {
        return ps.stream().map(Position::label).toList().toString();
    }

    @Override
    public String toString() {
        return label;
    }
}
