/**
 * Presets: named experiments that reproduce the papers' settings at a scale that runs in minutes, kept in a small
 * registry ({@link dev.engram.experiments.preset.Presets}); adding one is one line there.
 */
package dev.engram.experiments.preset;
