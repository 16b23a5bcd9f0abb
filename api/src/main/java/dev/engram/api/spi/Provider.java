package dev.engram.api.spi;

import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import java.util.List;
import java.util.Map;

/**
 * What model and strategy providers have in common: a unique name, a line of help, declared parameters.
 *
 * @since 0.2
 */
public interface Provider {

    /**
     * The one name used in code, CLI, configs, results and docs: lower case, e.g. {@code dam}, {@code ewc}.
     *
     * @return the name; unique among the providers of its kind
     */
    String name();

    /**
     * One line saying what it is.
     *
     * @return the description, shown by {@code engram plugins}
     */
    String description();

    /**
     * The parameters it accepts.
     *
     * @return the parameters, in the order help lists them; names are unique
     */
    List<ParamSpec> parameters();

    /**
     * Kind of provider for messages: {@code model} or {@code strategy}.
     *
     * @return the kind
     */
    String kind();

    /**
     * Validates raw values (strings or typed) against {@link #parameters()}, filling in defaults.
     *
     * @param raw the given values by parameter name
     * @return the validated parameters
     * @throws dev.engram.api.param.ParameterException when a name is unknown or a value is refused
     */
    default Params parseParams(Map<String, ?> raw) {
        return Params.parse(kind() + " '" + name() + "'", parameters(), raw);
    }
}
