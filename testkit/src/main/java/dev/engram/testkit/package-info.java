/**
 * Contract tests for Engram models and strategies, built-in or third-party: abstract JUnit 5 classes that hold the
 * {@code @Test} methods, extended by a test that supplies the model or strategy.
 * <ul>
 *   <li>{@link dev.engram.testkit.BipolarMemoryContract}: store and recall, energy, fields, dimension errors,
 *       freezing, save and load through {@link dev.engram.api.ModelFiles}, concurrent recall;</li>
 *   <li>{@link dev.engram.testkit.TrainableModelContract}: the flat-parameter view (snapshots, gradients against
 *       finite differences, training lowers the loss, the optimiser hooks, freezing);</li>
 *   <li>{@link dev.engram.testkit.StrategyContract}: hook order and discipline, {@code augmentBatch}, state round
 *       trip, compatibility;</li>
 *   <li>{@link dev.engram.testkit.SmallDam}: a tiny trainable Dense Associative Memory on {@code engram-api} alone,
 *       the model strategies are tested with.</li>
 * </ul>
 * Depend on {@code engram-testkit} in test scope. Each contract states the promises a model or strategy may or may
 * not make as overridable methods; all randomness comes from fixed seeds.
 */
package dev.engram.testkit;
