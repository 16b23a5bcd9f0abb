package dev.engram.experiments.io;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** CSV with FastCSV: a header row and data rows, written atomically; numbers in a locale-free form. */
public final class Csv {
    private Csv() {
    }

    /** Writes {@code header} then {@code rows} to {@code target}, atomically. Cells are formatted by {@link #cell}. */
    public static void write(Path target, List<String> header, List<? extends List<?>> rows) throws IOException {
        AtomicFiles.write(target, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(w);
            csv.writeRecord(header);
            for (List<?> row : rows) {
                List<String> cells = new ArrayList<>(row.size());
                for (Object o : row) {
                    cells.add(cell(o));
                }
                csv.writeRecord(cells);
            }
            csv.flush();
        });
    }

    /** One CSV line (no line break) of the given cells, quoted where needed: for appended logs. */
    public static String line(List<?> cells) {
        StringWriter sw = new StringWriter();
        CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(sw);
        List<String> s = new ArrayList<>(cells.size());
        for (Object o : cells) {
            s.add(cell(o));
        }
        csv.writeRecord(s);
        try {
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = sw.toString();
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /** Reads every record (the header included) as lists of strings. */
    public static List<List<String>> read(Path file) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (CsvReader<CsvRecord> r = CsvReader.builder().ofCsvRecord(file)) {
            for (CsvRecord rec : r) {
                out.add(List.copyOf(rec.getFields()));
            }
        }
        return out;
    }

    /** How a value is written: doubles with up to 6 significant digits after the point, NaN as empty. */
    public static String cell(Object o) {
        if (o == null) {
            return "";
        }
        if (o instanceof Double || o instanceof Float) {
            double d = ((Number) o).doubleValue();
            if (Double.isNaN(d)) {
                return "";
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e");
        }
        return o.toString();
    }
}
