/**
 * The built-in sequential-learning strategies, each a {@link dev.engram.api.spi.StrategyProvider} found by the
 * registry: naive, replay (rehearsal, pseudorehearsal), importance-weighted penalties (EWC, SI, MAS) and gradient
 * projection (GEM, A-GEM), with the shared penalty and projection machinery.
 */
package dev.engram.strategies;
