/**
 * The contracts every model follows (patterns, memories, recall, model files, batch recall) and {@link
 * dev.engram.api.Engram}, the front door for embedding: make a memory or strategy by name, save and load it.
 * This module has no dependency outside the JDK.
 */
package dev.engram.api;
