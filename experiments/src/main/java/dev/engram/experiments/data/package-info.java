/**
 * Task sequences for sequential-learning experiments: random bipolar autoassociative tasks, permuted MNIST and
 * class-split MNIST / Fashion-MNIST in the classifier form, and the IDX reader for the image files.
 */
package dev.engram.experiments.data;
