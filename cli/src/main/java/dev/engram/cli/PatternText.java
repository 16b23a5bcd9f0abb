package dev.engram.cli;

import dev.engram.api.BipolarPattern;
import dev.engram.api.Sizes;
import dev.engram.api.RealVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Patterns as text, one per line: a string of {@code +} and {@code -} ({@code +-+--+}), or numbers separated
 * by spaces or commas ({@code 1 -1 1}, {@code 0.5,0,-0.25}). Blank lines and lines starting with {@code #}
 * are skipped. Every error names the source, the line and what is accepted.
 */
final class PatternText {
    private PatternText() {
    }

    /** One line or argument, with its place for messages. */
    record Line(String where, String text) {
    }

    static List<Line> readLines(Path file) {
        List<String> raw;
        try {
            // a line's text, its string and its parsed values take about 16 bytes per character of the file
            Sizes.requireMemory("patterns file '" + file + "'", Sizes.times(Files.size(file), 16), "text and patterns");
            raw = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new UserError("patterns file '" + file + "' does not exist");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UserError("patterns file '" + file + "' is not UTF-8 text; accepted: one pattern per line, "
                    + "'+-+-' or numbers like '1 -1 1'");
        } catch (IOException e) {
            throw new UserError("patterns file '" + file + "' cannot be read: " + dev.engram.experiments.io.IoErrors.describe(e));
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String t = raw.get(i).strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                lines.add(new Line(file + " line " + (i + 1), t));
            }
        }
        if (lines.isEmpty()) {
            throw new UserError("patterns file '" + file + "' holds no pattern (one per line: +-+- or 1 -1 1)");
        }
        return lines;
    }

    /**
     * A line of signs: only '+', '-' and spaces; or one word of two or more characters, starting with a sign,
     * that is not a number (so that {@code +-+0} is reported as a bad character, not a bad number).
     */
    private static boolean isSigns(String t) {
        if (t.chars().allMatch(c -> c == '+' || c == '-' || Character.isWhitespace(c))) {
            return true;
        }
        if (t.length() < 2 || !(t.charAt(0) == '+' || t.charAt(0) == '-') || !t.matches("[^\\s,]+")) {
            return false;
        }
        try {
            Float.parseFloat(t);
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static void requireNotEmpty(Line line) {
        if (line.text().isBlank()) {
            throw new UserError(line.where() + ": the pattern is empty; accepted: '+-+-' or numbers like '1 -1 1'");
        }
    }

    private static float[] numbers(Line line) {
        String[] parts = line.text().split("[\\s,]+");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Float.parseFloat(parts[i]);
            } catch (NumberFormatException e) {
                throw new UserError(line.where() + ": component " + (i + 1) + " is '" + printable(parts[i])
                        + "'; accepted: a number, or a whole line of '+' and '-'");
            }
        }
        return v;
    }

    /** At most 40 characters of a token, control characters escaped, for a one-line message. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 40 ? sb + "..." : sb.toString();
    }

    /** Checks a line of signs, numbering its characters from 1 (as lines are), white space not counted. */
    private static void requireSigns(Line line) {
        String t = line.text().replaceAll("\\s+", "");
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c != '+' && c != '-') {
                throw new UserError(line.where() + ": character " + (i + 1) + " is '" + printable(String.valueOf(c))
                        + "'; a pattern string accepts only '+' and '-'");
            }
        }
    }

    /** Checks numbers, numbering components from 1 (as lines are). */
    private static float[] checked(Line line, float[] v, boolean bipolar) {
        for (int i = 0; i < v.length; i++) {
            if (bipolar ? v[i] != 1f && v[i] != -1f : !Float.isFinite(v[i])) {
                throw new UserError(line.where() + ": component " + (i + 1) + " is " + v[i] + "; "
                        + (bipolar ? "a bipolar pattern accepts only +1 or -1" : "expected a finite number"));
            }
        }
        return v;
    }

    /** A ±1 pattern: {@code +-} text or numbers that are each exactly 1 or -1. */
    static BipolarPattern bipolar(Line line) {
        requireNotEmpty(line);
        try {
            if (isSigns(line.text())) {
                requireSigns(line);
                return BipolarPattern.parse(line.text());
            }
            return BipolarPattern.of(checked(line, numbers(line), true));
        } catch (IllegalArgumentException e) {
            throw new UserError(line.where() + ": " + e.getMessage(), e);
        }
    }

    /** A real vector: {@code +-} text (±1) or finite numbers (0 = unknown in a probe). */
    static RealVector real(Line line) {
        requireNotEmpty(line);
        try {
            if (isSigns(line.text())) {
                requireSigns(line);
                return BipolarPattern.parse(line.text()).toRealVector();
            }
            return RealVector.of(checked(line, numbers(line), false));
        } catch (IllegalArgumentException e) {
            throw new UserError(line.where() + ": " + e.getMessage(), e);
        }
    }

    /** Throws when the patterns do not all have the dimension of the first. */
    static void requireOneDimension(List<Line> lines, List<Integer> sizes) {
        for (int i = 1; i < sizes.size(); i++) {
            if (!sizes.get(i).equals(sizes.get(0))) {
                throw new UserError(lines.get(i).where() + ": dimension " + sizes.get(i) + " differs from the first pattern's "
                        + sizes.get(0) + "; all patterns need one dimension");
            }
        }
    }

    /** Formats a real vector compactly. */
    static String format(RealVector v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            float x = v.get(i);
            sb.append(x == Math.rint(x) && Math.abs(x) < 1e6 ? Integer.toString((int) x) : String.format(java.util.Locale.ROOT, "%.4g", x));
        }
        return sb.toString();
    }
}
