/**
 * Output helpers for experiments: atomic file writes, JSON and CSV results, PNG + SVG charts, and a progress
 * bar that stays quiet when not on a terminal. Small and stable on purpose: other experiment packages (and
 * plugins' presets) build on it.
 */
package dev.engram.experiments.io;
