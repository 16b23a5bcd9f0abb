/**
 * Typed, declared parameters: what a provider accepts (name, type, default, range, help) and the validated values
 * a model or strategy is made with; a bad value is an error naming it and what is accepted.
 */
package dev.engram.api.param;
