/**
 * The continuous modern Hopfield network ({@code modern}, Ramsauer et al. 2020): one softmax attention step over
 * the stored patterns.
 */
package dev.engram.core.model.modern;
