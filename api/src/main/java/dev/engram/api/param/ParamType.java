package dev.engram.api.param;

/** The types a declared parameter can have. */
public enum ParamType {
    INT("integer"),
    LONG("integer"),
    DOUBLE("number"),
    BOOLEAN("true|false"),
    CHOICE("one of a fixed set of names"),
    STRING("text");

    private final String description;

    ParamType(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
