/**
 * The classical Hopfield network ({@code hopfield}): Hebbian, Storkey, pseudo-inverse and trainable Delta rules,
 * synchronous and asynchronous recall.
 */
package dev.engram.core.model.hopfield;
