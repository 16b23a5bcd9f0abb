/**
 * Experiments without the command line: task sequences and data sets, experiment plans and the runner, sweeps
 * (local, sliced, or on an executor such as a cluster), metrics, reports and plots, the presets and the
 * key-value studies ({@link dev.engram.experiments.Experiments} is the entry point). Models, strategies and
 * kernels are found through {@code dev.engram.api}'s registry; put {@code dev.engram.core} and
 * {@code dev.engram.strategies} on the module path beside it.
 *
 * @since 0.2
 */
// XChart, VectorGraphics2D and Commons Math have no module descriptor (automatic modules named after their jar
// files: xchart, VectorGraphics2D, commons.math3); Jackson, FastCSV and progressbar are named modules. None of
// the automatic ones appears in this module's exported API, so none is required transitively.
@SuppressWarnings("requires-automatic")
module dev.engram.experiments {
    requires transitive dev.engram.api;
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;
    requires de.siegmar.fastcsv;
    requires me.tongfei.progressbar;
    requires java.desktop;
    requires xchart;
    requires VectorGraphics2D;
    requires commons.math3;

    exports dev.engram.experiments;
    exports dev.engram.experiments.data;
    exports dev.engram.experiments.io;
    exports dev.engram.experiments.kv;
    exports dev.engram.experiments.preset;
    exports dev.engram.experiments.sweep;

    // Jackson reads configs into records (ExperimentConfig, DataSpec) and writes records and plans
    opens dev.engram.experiments to com.fasterxml.jackson.databind;
    opens dev.engram.experiments.kv to com.fasterxml.jackson.databind;
    opens dev.engram.experiments.sweep to com.fasterxml.jackson.databind;
}
