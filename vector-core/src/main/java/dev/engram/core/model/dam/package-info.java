/**
 * The Dense Associative Memory ({@code dam}): recall dynamics in the normalised and Krotov forms, memories
 * stored directly or trained by gradient descent (the classifier form included).
 */
package dev.engram.core.model.dam;
