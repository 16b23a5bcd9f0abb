package dev.engram.experiments.io;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long run on standard error. On a terminal, a bar (me.tongfei progressbar). Off a terminal
 * ({@code System.console()} null or not a terminal, or the environment variable {@code CI} set), one line per
 * finished step — a task, a trial — with the time elapsed and an estimate of the time left, e.g. {@code engram:
 * demo: 12/40 tasks, 31 s elapsed, about 1 min 12 s left (ewc task 2)}. {@code -Dengram.progress=true} forces
 * the bar, {@code -Dengram.progress=false} silences both.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final String task;
    private final String unit;
    private final long total;
    private final PrintStream lines;
    private final long t0 = System.nanoTime();
    private long done;
    private long lastLine;

    private Progress(ProgressBar bar, String task, String unit, long total, PrintStream lines) {
        this.bar = bar;
        this.task = task;
        this.unit = unit;
        this.total = total;
        this.lines = lines;
    }

    /** Whether progress lines are printed off a terminal ({@code -Dengram.progress=false} turns them off). */
    static boolean linesEnabled() {
        return !"false".equalsIgnoreCase(System.getProperty("engram.progress"));
    }

    /** Whether bars are shown in this process. */
    public static boolean enabled() {
        String p = System.getProperty("engram.progress");
        if (p != null) {
            return Boolean.parseBoolean(p);
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            return false;
        }
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /** Progress of {@code total} steps named {@code task}: a bar, or lines when {@link #enabled()} is false. */
    public static Progress start(String task, long total) {
        return start(task, total, "steps");
    }

    /** As {@link #start(String, long)}, the steps called {@code unit} ({@code tasks}, {@code trials}) in lines. */
    public static Progress start(String task, long total, String unit) {
        return start(task, total, unit, System.err);
    }

    /** As {@link #start(String, long, String)} but drawing on {@code stream}. */
    public static Progress start(String task, long total, String unit, PrintStream stream) {
        if (!enabled()) {
            return new Progress(null, task, unit, total, linesEnabled() ? stream : null);
        }
        ProgressBar b = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(stream))
                .build();
        return new Progress(b, task, unit, total, null);
    }

    /** A bar that never draws. */
    public static Progress quiet() {
        return new Progress(null, "", "steps", 0, null);
    }

    /** True when this bar draws nothing. */
    public boolean isQuiet() {
        return bar == null;
    }

    public void step() {
        stepBy(1);
    }

    /** One step done; {@code what} names it in the line printed off a terminal. */
    public void step(String what) {
        done++;
        if (bar != null) {
            bar.stepBy(1);
        } else {
            line(what);
        }
    }

    public void stepBy(long n) {
        done += n;
        if (bar != null) {
            bar.stepBy(n);
        } else {
            line(null);
        }
    }

    private void line(String what) {
        if (lines == null) {
            return;
        }
        // fine-grained steps (kv repeats, optimiser evaluations) print at most one line every 10 s
        long now = System.nanoTime();
        if (unit.equals("steps") && done < total && now - lastLine < 10_000_000_000L) {
            return;
        }
        lastLine = now;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        String left = done > 0 && done < total ? ", about " + duration(elapsed / done * (total - done)) + " left" : "";
        lines.println("engram: " + task + ": " + done + "/" + total + " " + unit + ", " + duration(elapsed) + " elapsed"
                + left + (what == null ? "" : " (" + what + ")"));
        lines.flush();
    }

    /** {@code 12 s}, {@code 2 min 05 s}, {@code 1 h 05 min}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(java.util.Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** A short text shown after the bar (the current trial, a metric). */
    public void message(String text) {
        if (bar != null) {
            bar.setExtraMessage(text);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
