/**
 * Contract tests a model or strategy (built-in or a plugin's) extends, and {@code SmallDam}, a small trainable
 * DAM to test strategies with. Opened so that JUnit can run the inherited test methods.
 *
 * @since 0.2
 */
open module dev.engram.testkit {
    requires transitive dev.engram.api;
    requires transitive org.junit.jupiter.api;

    exports dev.engram.testkit;
}
