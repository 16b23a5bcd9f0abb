/**
 * JMH benchmarks of whole models: recall latency and throughput of frozen models built through their providers.
 */
package dev.engram.bench.models;
