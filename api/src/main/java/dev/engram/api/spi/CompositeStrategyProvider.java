package dev.engram.api.spi;

import dev.engram.api.learn.CompositeStrategy;
import dev.engram.api.learn.Strategy;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provider of a composed strategy ({@link CompositeStrategy}), e.g. {@code rehearsal+ewc}: what {@link
 * Registry#strategy(String)} returns for a name with {@code +}. Its name lists the parts in hook order (replay,
 * regularisers, others, projection), so {@code ewc+rehearsal} and {@code rehearsal+ewc} are one strategy, named
 * {@code rehearsal+ewc}. Its parameters are the parts' parameters prefixed with the part's name
 * ({@code ewc.lambda}); a parameter may be given without the prefix when exactly one part declares it.
 *
 * @since 0.2
 */
public final class CompositeStrategyProvider implements StrategyProvider {
    private final List<StrategyProvider> parts;
    private final String name;
    private final List<ParamSpec> specs;

    /**
     * Composes {@code parts}. To check the composition it makes one strategy of each part with default
     * parameters.
     *
     * @param parts the part providers, in any order
     * @throws IllegalArgumentException when the parts cannot be composed (fewer than two, one twice, one that
     *                                  refuses, two projections)
     */
    public CompositeStrategyProvider(List<StrategyProvider> parts) {
        List<Strategy> probes = new ArrayList<>();
        for (StrategyProvider p : parts) {
            probes.add(p.create(new StrategyContext(p.parseParams(Map.of()), 0L)));
        }
        CompositeStrategy order = new CompositeStrategy(probes);   // validates the composition
        List<StrategyProvider> ordered = new ArrayList<>();
        for (Strategy s : order.parts()) {
            ordered.add(parts.get(probes.indexOf(s)));
        }
        this.parts = List.copyOf(ordered);
        this.name = order.providerName();
        List<ParamSpec> all = new ArrayList<>();
        for (StrategyProvider p : this.parts) {
            for (ParamSpec s : p.parameters()) {
                all.add(new ParamSpec(p.name() + "." + s.name(), s.type(), s.defaultValue(), s.min(), s.max(),
                        s.choices(), s.help()));
            }
        }
        this.specs = List.copyOf(all);
    }

    /**
     * The part providers in hook order.
     *
     * @return the parts, unmodifiable
     */
    public List<StrategyProvider> parts() {
        return parts;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "composition of " + String.join(", ", parts.stream().map(StrategyProvider::name).toList())
                + " (hooks in this order; afterTask in reverse)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return specs;
    }

    /**
     * Accepts {@code part.param} names and, where exactly one part declares it, a bare {@code param}.
     *
     * @throws IllegalArgumentException for an unknown or ambiguous name or a bad value
     */
    @Override
    public Params parseParams(Map<String, ?> raw) {
        Map<String, Object> qualified = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            String key = e.getKey();
            if (!key.contains(".")) {
                List<String> owners = new ArrayList<>();
                for (StrategyProvider p : parts) {
                    if (p.parameters().stream().anyMatch(s -> s.name().equals(e.getKey()))) {
                        owners.add(p.name());
                    }
                }
                if (owners.size() > 1) {
                    throw new IllegalArgumentException("parameter '" + key + "' of strategy '" + name
                            + "' is declared by " + String.join(" and ", owners) + "; write "
                            + String.join(" or ", owners.stream().map(o -> o + "." + e.getKey()).toList()));
                }
                if (owners.size() == 1) {
                    key = owners.get(0) + "." + key;
                }
            }
            if (qualified.put(key, e.getValue()) != null) {
                throw new IllegalArgumentException("parameter '" + key + "' of strategy '" + name + "' is given twice");
            }
        }
        return Params.parse(kind() + " '" + name + "'", specs, qualified);
    }

    @Override
    public Strategy create(StrategyContext context) {
        List<Strategy> made = new ArrayList<>();
        for (StrategyProvider p : parts) {
            Map<String, Object> own = new LinkedHashMap<>();
            String prefix = p.name() + ".";
            context.params().asMap().forEach((k, v) -> {
                if (k.startsWith(prefix) && v != null) {
                    own.put(k.substring(prefix.length()), v);
                }
            });
            made.add(p.create(new StrategyContext(p.parseParams(own), context.seed())));
        }
        return new CompositeStrategy(made);
    }
}
