package dev.engram.api.learn;

import java.util.List;

/** One task of a sequence: its training items, its evaluation probes, and how they are scored. */
public record Task(String name, List<Item> items, List<Probe> probes, Scoring scoring) {
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

    /** Dimension of the task's states. */
    public int dimension() {
        return items.get(0).state().size();
    }
}
