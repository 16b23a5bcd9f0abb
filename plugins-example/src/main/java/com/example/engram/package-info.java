/**
 * The example plugin: what a third party writes on engram-api alone. A sparse (low-activity) Hopfield model with
 * the covariance rule, and an L2-anchor strategy, both found by the registry from this jar.
 */
package com.example.engram;
