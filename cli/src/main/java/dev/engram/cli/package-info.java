/**
 * The {@code engram} command: picocli commands that turn flags and config files into plans and hand them to
 * {@link dev.engram.experiments.Experiments#run}, plus the store/recall/plugins commands. Nothing here computes.
 */
package dev.engram.cli;
