package dev.engram.experiments.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Slice {@code index} of {@code count} of a sweep's trial list (0-based, as Slurm numbers the tasks of
 * {@code --array=0-(N-1)}): the trials whose position in the deterministic list is {@code index} modulo
 * {@code count}. Interleaving spreads every grid point's costly and cheap trials over all slices.
 */
public record Shard(int index, int count) {
    /** The whole list. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + " does not exist; accepted: I/N with N >= 1"
                    + " and 0 <= I < N (0-based, as Slurm's --array=0-(N-1))");
        }
    }

    /** {@code I/N}. */
    public static Shard parse(String text) {
        String[] p = text.trim().split("/", -1);
        if (p.length != 2) {
            throw new IllegalArgumentException("shard '" + text + "' is not of the form I/N (e.g. 0/4)");
        }
        try {
            return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard '" + text + "' is not of the form I/N with whole numbers (e.g. 0/4)");
        }
    }

    /**
     * The slice Slurm gives this process: {@code SLURM_ARRAY_TASK_ID} of {@code SLURM_ARRAY_TASK_COUNT}, when
     * both are set; {@code null} otherwise. (For {@code --array=0-(N-1)} the task ids are 0 to N−1.)
     */
    public static Shard fromEnvironment(Map<String, String> env) {
        String id = env.get("SLURM_ARRAY_TASK_ID");
        String count = env.get("SLURM_ARRAY_TASK_COUNT");
        if (id == null || count == null || id.isBlank() || count.isBlank()) {
            return null;
        }
        Shard s = parse(id + "/" + count);
        String min = env.get("SLURM_ARRAY_TASK_MIN");
        if (min != null && !min.isBlank() && !min.trim().equals("0")) {
            throw new IllegalArgumentException("SLURM_ARRAY_TASK_MIN is " + min.trim() + "; engram sweep takes the "
                    + "array's tasks as slices 0..N-1: submit with --array=0-(N-1), or give --shard I/N");
        }
        return s;
    }

    public boolean whole() {
        return count == 1;
    }

    /** This slice's part of {@code all}, in order. */
    public <T> List<T> of(List<T> all) {
        List<T> out = new ArrayList<>();
        for (int i = index; i < all.size(); i += count) {
            out.add(all.get(i));
        }
        return out;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
