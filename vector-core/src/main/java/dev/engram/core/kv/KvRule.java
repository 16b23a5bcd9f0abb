package dev.engram.core.kv;

import dev.engram.api.param.Params;

/**
 * The plasticity of a {@code kv} memory, read from its parameters (Tyulmankov et al. 2021).
 *
 * <p>{@code simple}: the key row of each written slot is overwritten by the key ("pre-only" rule,
 * {@code K_i <- (1-eta_i) K_i + eta_i x}) and the value column is written Hebbian-style with the post-write
 * hidden state ({@code V_:i <- (1-eta_i) V_:i + eta_i y h'_i}), {@code eta_i = q gamma_i}.
 *
 * <p>{@code general}: the parametrised rule whose scalars can be meta-learned:
 * {@code K <- (1-eta^K) .* K + eta^K .* gK(h) fK(x)^T} with {@code eta^K_i = q gamma_i keyRate} and
 * {@code h = softmax(K x)} before the write; {@code V <- lambda V + q valueRate gV(y) fV(h')^T} with
 * {@code lambda = (1-q) + q valueDecay} and {@code h' = softmax(K' x)} after the key write. Each of
 * {@code fK, gK, fV, gV} is affine, {@code a u + b}.
 */
record KvRule(boolean general, double keyRate, double valueRate, double valueDecay,
              double keyPreScale, double keyPreShift, double keyPostScale, double keyPostShift,
              double valuePreScale, double valuePreShift, double valuePostScale, double valuePostShift) {

    static KvRule from(Params p) {
        return new KvRule(p.getString("rule").equals("general"),
                p.getDouble("key-rate"), p.getDouble("value-rate"), p.getDouble("value-decay"),
                p.getDouble("key-pre-scale"), p.getDouble("key-pre-shift"),
                p.getDouble("key-post-scale"), p.getDouble("key-post-shift"),
                p.getDouble("value-pre-scale"), p.getDouble("value-pre-shift"),
                p.getDouble("value-post-scale"), p.getDouble("value-post-shift"));
    }
}
