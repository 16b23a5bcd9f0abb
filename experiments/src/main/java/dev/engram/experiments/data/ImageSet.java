package dev.engram.experiments.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled grey-scale images (MNIST layout): {@code count} images of {@code rows x cols} unsigned-byte pixels and
 * one label 0..9 each.
 */
public record ImageSet(String name, int rows, int cols, byte[] pixels, byte[] labels) {

    /** The data sets that can be loaded, with the folder under the data directory and how to get them. */
    public enum Source {
        MNIST("mnist", "mnist"),
        FASHION_MNIST("fashion-mnist", "fashion-mnist");

        private final String id;
        private final String folder;

        Source(String id, String folder) {
            this.id = id;
            this.folder = folder;
        }

        /** The name used in configs and on the command line. */
        public String id() {
            return id;
        }

        public String folder() {
            return folder;
        }

        public static Source of(String id) {
            for (Source s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown data set '" + id + "'; accepted: mnist, fashion-mnist");
        }
    }

    public ImageSet {
        if (pixels.length != labels.length * rows * cols) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + pixels.length + " pixel bytes of "
                    + rows + "x" + cols + " images");
        }
    }

    public int count() {
        return labels.length;
    }

    /** Pixels per image. */
    public int size() {
        return rows * cols;
    }

    public int label(int image) {
        return labels[image] & 0xFF;
    }

    /** Pixel {@code p} (0..size-1, row-major) of {@code image}, 0..255. */
    public int pixel(int image, int p) {
        return pixels[image * size() + p] & 0xFF;
    }

    /**
     * Loads the training ({@code train}) or test ({@code t10k}) part of {@code source} from
     * {@code dataDir/<folder>/}, raw or {@code .gz}.
     *
     * @throws IllegalArgumentException when a file is missing (saying how to fetch it) or corrupt
     */
    public static ImageSet load(Path dataDir, Source source, boolean train) throws IOException {
        String prefix = train ? "train" : "t10k";
        Path folder = dataDir.resolve(source.folder());
        Path imagesFile = find(folder, prefix + "-images-idx3-ubyte", source);
        Path labelsFile = find(folder, prefix + "-labels-idx1-ubyte", source);
        Idx.Array images = Idx.read(imagesFile);
        Idx.Array labels = Idx.read(labelsFile);
        int[] d = images.dims();
        if (d.length != 3) {
            throw new IllegalArgumentException("'" + imagesFile + "' has " + d.length + " dimensions; images need 3 (count, rows, columns)");
        }
        if (labels.dims().length != 1 || labels.count() != images.count()) {
            throw new IllegalArgumentException("'" + labelsFile + "' holds " + labels.count() + " labels for the "
                    + images.count() + " images of '" + imagesFile + "'");
        }
        for (int i = 0; i < labels.count(); i++) {
            if (labels.unsigned(i) > 9) {
                throw new IllegalArgumentException("'" + labelsFile + "' has label " + labels.unsigned(i) + " at " + i
                        + "; accepted: 0 to 9");
            }
        }
        return new ImageSet(source.id() + "-" + prefix, d[1], d[2], images.data(), labels.data());
    }

    private static Path find(Path folder, String base, Source source) {
        List<Path> tried = new ArrayList<>();
        for (String name : List.of(base, base + ".gz")) {
            Path p = folder.resolve(name);
            tried.add(p);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException(source.id() + " data is missing: no " + tried.get(0) + "[.gz]; fetch it with "
                + "'scripts/fetch-data.sh " + source.id() + "' (into data/), or point --data-dir at a folder holding "
                + source.folder() + "/");
    }
}
