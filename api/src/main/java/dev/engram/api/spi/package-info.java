/**
 * The plugin side: model, strategy and kernel providers found with {@link java.util.ServiceLoader}, the {@link
 * dev.engram.api.spi.Registry} that loads them (built-ins and plugin jars alike) and composes strategies.
 */
package dev.engram.api.spi;
