package dev.engram.experiments.io;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error for long runs (me.tongfei progressbar), quiet when not on a terminal
 * ({@code System.console()} is null or not a terminal), on CI (environment variable {@code CI} set), or when
 * {@code -Dengram.progress=false}. {@code -Dengram.progress=true} forces it on.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
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

    /** A bar of {@code total} steps named {@code task}; a do-nothing bar when {@link #enabled()} is false. */
    public static Progress start(String task, long total) {
        return start(task, total, System.err);
    }

    /** As {@link #start(String, long)} but drawing on {@code stream}. */
    public static Progress start(String task, long total, PrintStream stream) {
        if (!enabled()) {
            return new Progress(null);
        }
        ProgressBar b = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(stream))
                .build();
        return new Progress(b);
    }

    /** A bar that never draws. */
    public static Progress quiet() {
        return new Progress(null);
    }

    /** True when this bar draws nothing. */
    public boolean isQuiet() {
        return bar == null;
    }

    public void step() {
        stepBy(1);
    }

    public void stepBy(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
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
