package dev.engram.api.learn;

/**
 * A strategy's hook threw while a task was learned (a bug in the strategy, or a state it cannot handle):
 * {@link SequentialTrainer} stops at once. The message is one line naming the strategy (the part, in a
 * composition), its class, the hook, the task and epoch, and what was thrown; the command line prints it and exits
 * with status 1, and a run's {@code results.json} is marked failed with the tasks finished before kept, as for a
 * {@link TrainingDivergedException}. An {@link IllegalArgumentException} from {@link Strategy#checkCompatible} is
 * not one of these: it says the strategy cannot work with the model (bad input).
 *
 * @since 0.2
 */
public final class StrategyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The strategy's provider name. */
    private final String strategy;
    /** The hook, e.g. {@code afterTask}. */
    private final String hook;
    /** The task being learned, from 0; -1 when none was. */
    private final int taskIndex;

    /**
     * Creates the exception.
     *
     * @param message   one line naming the strategy, its class, the hook, the task and the cause
     * @param strategy  the strategy's provider name
     * @param hook      the hook that threw, e.g. {@code afterTask}
     * @param taskIndex the task being learned, from 0, or -1 when none was
     * @param cause     what the hook threw
     */
    public StrategyException(String message, String strategy, String hook, int taskIndex, Throwable cause) {
        super(message, cause);
        this.strategy = strategy;
        this.hook = hook;
        this.taskIndex = taskIndex;
    }

    /**
     * The name of the strategy whose hook threw (a part's name, in a composition).
     *
     * @return the provider name
     */
    public String strategy() {
        return strategy;
    }

    /**
     * The hook that threw.
     *
     * @return its method name, e.g. {@code beforeTask}, {@code adjustGradient}, {@code afterTask}
     */
    public String hook() {
        return hook;
    }

    /**
     * The task being learned when the hook threw.
     *
     * @return its index, from 0; -1 when no task was being learned
     */
    public int taskIndex() {
        return taskIndex;
    }

    /**
     * What a hook's exception becomes: itself when it already is a {@code StrategyException} (a part of a
     * composition) or a {@link TrainingDivergedException}, otherwise a {@code StrategyException} naming
     * {@code s}, {@code hook} and where in training it happened.
     */
    static RuntimeException of(Strategy s, String hook, TrainingContext ctx, RuntimeException e) {
        if (e instanceof StrategyException || e instanceof TrainingDivergedException) {
            return e;
        }
        String name;
        try {
            name = s.providerName();
        } catch (RuntimeException x) {
            name = null;
        }
        String where = ctx == null ? "" : " in task " + (ctx.taskIndex() + 1) + " ('" + ctx.task().name() + "'), epoch "
                + (ctx.epoch() + 1) + " of " + ctx.epochs();
        String message = "strategy '" + name + "' (" + s.getClass().getName() + ") failed in its " + hook + " hook"
                + where + ": " + oneLine(String.valueOf(e));
        return new StrategyException(message, name, hook, ctx == null ? -1 : ctx.taskIndex(), e);
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }
}
