package dev.engram.api.spi;

import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import java.util.List;
import java.util.Map;

/** What model and strategy providers have in common: a unique name, a line of help, declared parameters. */
public interface Provider {

    /** The one name used in code, CLI, configs, results and docs: lower case, e.g. {@code dam}, {@code ewc}. */
    String name();

    /** One line saying what it is. */
    String description();

    /** The parameters it accepts. */
    List<ParamSpec> parameters();

    /** Kind of provider for messages: {@code model} or {@code strategy}. */
    String kind();

    /** Validates raw values (strings or typed) against {@link #parameters()}. */
    default Params parseParams(Map<String, ?> raw) {
        return Params.parse(kind() + " '" + name() + "'", parameters(), raw);
    }
}
