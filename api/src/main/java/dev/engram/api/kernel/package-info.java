/**
 * The kernel SPI: the numeric operations models are written against ({@link dev.engram.api.kernel.Kernels}) and
 * the DAM interaction functions; the scalar and SIMD implementations live in vector-core.
 */
package dev.engram.api.kernel;
