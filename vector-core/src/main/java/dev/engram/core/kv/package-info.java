/**
 * Key-value memories with three-factor plasticity ({@code kv}: simple and meta-learnable rules, sequential or
 * random slots, flashbulb storage) and the bidirectional associative memory baseline ({@code bam}).
 */
package dev.engram.core.kv;
