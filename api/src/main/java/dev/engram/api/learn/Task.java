package dev.engram.api.learn;

import java.util.List;

/**
 * One task of a sequence: its training items, its evaluation probes, and how they are scored.
 *
 * @param name    the task's name, shown in results and messages; not blank
 * @param items   the training items (copied), at least one, all of one dimension
 * @param probes  the evaluation probes (copied), possibly none, of the items' dimension
 * @param scoring how the probes are scored; required
 * @since 0.2
 */
public record Task(String name, List<Item> items, List<Probe> probes, Scoring scoring) {
    /**
     * Checks the components and copies the lists.
     *
     * @param name    the task's name
     * @param items   the training items
     * @param probes  the evaluation probes
     * @param scoring how the probes are scored
     * @throws IllegalArgumentException when the name is blank, there are no items, the scoring is null, or the
     *         dimensions differ
     * @throws NullPointerException     when a list is null or holds null
     */
    public Task {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("task name is required");
        }
        items = List.copyOf(items);
        probes = List.copyOf(probes);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("task '" + name + "' has no items");
        }
        if (scoring == null) {
            throw new IllegalArgumentException("task '" + name + "' has no scoring");
        }
        int n = items.get(0).state().size();
        for (Item it : items) {
            if (it.state().size() != n) {
                throw new IllegalArgumentException("task '" + name + "' mixes dimensions " + n + " and " + it.state().size());
            }
        }
        for (Probe p : probes) {
            if (p.start().size() != n) {
                throw new IllegalArgumentException("task '" + name + "' has a probe of dimension " + p.start().size()
                        + "; its items have " + n);
            }
        }
    }

    /**
     * Dimension of the task's states.
     *
     * @return the dimension of its items and probes
     */
    public int dimension() {
        return items.get(0).state().size();
    }
}
