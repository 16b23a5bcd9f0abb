package dev.engram.api.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {
    private static final List<ParamSpec> SPECS = List.of(
            ParamSpec.ofInt("n", 3, 1, 60, "interaction vertex"),
            ParamSpec.ofDouble("temperature", 1.0, 1e-6, 1e6, "T; beta = 1/T"),
            ParamSpec.ofBoolean("async", false, "asynchronous recall"),
            ParamSpec.ofChoice("interaction", "polynomial", List.of("polynomial", "rectified"), "F"),
            ParamSpec.ofString("label", "x", "free text"));

    private static Params parse(Map<String, ?> raw) {
        return Params.parse("model 'dam'", SPECS, raw);
    }

    @Test
    void defaultsFillWhatIsNotGiven() {
        Params p = parse(Map.of());
        assertEquals(3, p.getInt("n"));
        assertEquals(1.0, p.getDouble("temperature"));
        assertEquals(false, p.getBoolean("async"));
        assertEquals("polynomial", p.getString("interaction"));
    }

    @Test
    void stringsFromTheCommandLineAndTypedValuesFromConfigsBothParse() {
        Params a = parse(Params.parseAssignments(List.of("n=20", "temperature=0.5", "async=true", "interaction=rectified")));
        Params b = parse(Map.of("n", 20, "temperature", 0.5, "async", true, "interaction", "rectified"));
        assertEquals(a, b);
        assertEquals(20, a.getInt("n"));
        assertEquals(a, parse(Params.parseAssignments(a.toAssignments())));
    }

    @Test
    void unknownParameterListsWhatIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of("beta", "2")));
        assertEquals("unknown parameter 'beta' for model 'dam'; accepted: n, temperature, async, interaction, label",
                e.getMessage());
    }

    @Test
    void outOfRangeWrongTypeAndUnknownChoiceNameValueAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of("n", "0")));
        assertEquals("parameter 'n' of model 'dam' is '0'; accepted: integer in [1, 60]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of("n", "three")));
        assertTrue(e.getMessage().contains("'three'") && e.getMessage().contains("integer in [1, 60]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of("n", 2.5)));
        assertTrue(e.getMessage().contains("'2.5'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of("temperature", "NaN")));
        assertTrue(e.getMessage().contains("'NaN'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of("async", "yes")));
        assertTrue(e.getMessage().contains("true or false"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of("interaction", "cubic")));
        assertTrue(e.getMessage().contains("one of polynomial, rectified"), e.getMessage());
    }

    @Test
    void malformedAssignmentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Params.parseAssignments(List.of("n")));
        assertThrows(IllegalArgumentException.class, () -> Params.parseAssignments(List.of("=3")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Params.parseAssignments(List.of("n=3", "n=4")));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
    }

    @Test
    void withValidatesOverrides() {
        Params p = parse(Map.of());
        assertEquals(5, p.with(Map.of("n", 5)).getInt("n"));
        assertThrows(IllegalArgumentException.class, () -> p.with(Map.of("n", 500)));
    }

    @Test
    void acceptedTextIsReadable() {
        assertEquals("integer in [1, 60]", SPECS.get(0).accepted());
        assertEquals("number in [0.000001, 1000000]", ParamSpec.ofDouble("t", 1, 1e-6, 1e6, "h").accepted().replace("1.0E-6", "0.000001"));
        assertEquals("true or false", SPECS.get(2).accepted());
    }
}
