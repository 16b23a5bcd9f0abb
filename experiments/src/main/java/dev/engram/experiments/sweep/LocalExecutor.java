package dev.engram.experiments.sweep;

import dev.engram.api.spi.Registry;
import java.io.IOException;
import java.util.List;

/** Runs the trials one after another in this process. */
public final class LocalExecutor implements TrialExecutor {
    private final TrialWork work;

    public LocalExecutor(Registry registry) {
        this.work = new TrialWork(registry, "local");
    }

    /** The worker of this executor (shared task sequences). */
    public TrialWork work() {
        return work;
    }

    @Override
    public String describe() {
        return "this process";
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public void execute(List<Pending> pending, Sink sink) throws IOException {
        for (Pending p : pending) {
            sink.started(p, work.worker());
            sink.finished(p, work.run(p));
        }
    }
}
