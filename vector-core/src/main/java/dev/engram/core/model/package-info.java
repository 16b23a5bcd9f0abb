/**
 * What the built-in models share: packed-bit helpers, state I/O and seeded recall workspaces.
 */
package dev.engram.core.model;
