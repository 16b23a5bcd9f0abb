/**
 * The Panama (JDK Vector API) kernels: the public {@link dev.engram.core.kernel.panama.PanamaKernels}, which
 * chooses between the scalar reference and the vector code, and package-private classes holding that code by
 * kernel family ({@code PanamaBits}, {@code PanamaLinear}, {@code PanamaDam}, {@code PanamaSoftmax}) with the
 * species and shared helpers in {@link dev.engram.core.kernel.panama.PanamaSupport}. Loading any class here
 * needs the module {@code jdk.incubator.vector}.
 */
package dev.engram.core.kernel.panama;
