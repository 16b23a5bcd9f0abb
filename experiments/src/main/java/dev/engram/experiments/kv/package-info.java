/**
 * The key-value memory studies of Tyulmankov et al. 2021 (benchmark, capacity, continual, correlated,
 * heteroassociative and sequence recall, meta-learning of the plasticity rule), their tasks and result files.
 */
package dev.engram.experiments.kv;
