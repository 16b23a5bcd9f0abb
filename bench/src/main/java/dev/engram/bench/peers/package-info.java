/**
 * Side-by-side comparisons with peers (NumPy, PyTorch, Encog): shared workloads and data files, recall and batch
 * benchmarks, latency and the kernel roofline.
 */
package dev.engram.bench.peers;
