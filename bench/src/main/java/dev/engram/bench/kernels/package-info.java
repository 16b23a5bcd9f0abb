/**
 * JMH benchmarks of the kernels, each measured on the scalar reference and the Panama backend in the same run.
 */
package dev.engram.bench.kernels;
