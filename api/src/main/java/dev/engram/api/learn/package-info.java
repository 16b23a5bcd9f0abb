/**
 * Learning tasks in sequence: tasks and items, trainable models, the strategy hooks and their composition, the
 * {@link dev.engram.api.learn.SequentialTrainer} loop that calls them and the evaluator that scores a task.
 */
package dev.engram.api.learn;
