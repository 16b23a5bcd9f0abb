/**
 * The built-in kernels: {@link dev.engram.core.kernel.ScalarKernels} (the scalar reference and fallback), the
 * {@link dev.engram.core.kernel.KernelSelector} that picks Panama or scalar at run time, and the kernel provider.
 * No class here touches the Vector API until the selector has found the module; the Panama kernels are in
 * {@code dev.engram.core.kernel.panama}.
 */
package dev.engram.core.kernel;
