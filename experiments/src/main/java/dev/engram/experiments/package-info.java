/**
 * Sequential-learning experiments: the runner (learn each task with a strategy's hooks, evaluate every task, the
 * accuracy matrix R and its metrics), multi-run experiments with their result files and plots, sweeps and
 * presets. Models and strategies are reached only through the {@link dev.engram.api.spi.Registry}.
 */
package dev.engram.experiments;
