/**
 * The built-in sequential-learning strategies ({@code naive}, {@code rehearsal}, {@code pseudorehearsal},
 * {@code ewc}, {@code si}, {@code mas}, {@code gem}, {@code agem}), found by {@link java.util.ServiceLoader}.
 *
 * @provides dev.engram.api.spi.StrategyProvider
 * @since 0.2
 */
// AutoService's annotations (compile time only, requires static) are an automatic module; nothing else is.
@SuppressWarnings("requires-automatic")
module dev.engram.strategies {
    requires dev.engram.api;
    requires static com.google.auto.service;

    provides dev.engram.api.spi.StrategyProvider with
            dev.engram.strategies.NaiveProvider,
            dev.engram.strategies.RehearsalProvider,
            dev.engram.strategies.PseudorehearsalProvider,
            dev.engram.strategies.EwcProvider,
            dev.engram.strategies.SiProvider,
            dev.engram.strategies.MasProvider,
            dev.engram.strategies.GemProvider,
            dev.engram.strategies.AgemProvider;
}
