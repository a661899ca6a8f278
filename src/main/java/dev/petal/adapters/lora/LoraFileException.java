package dev.petal.adapters.lora;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A LoRA file that does not fit the model: every problem at once, by kind, naming the file and the keys. */
public final class LoraFileException extends IllegalArgumentException {
    private static final int SHOWN = 20;

    /** The kinds of problems, in the order the message lists them. */
    enum Kind {
        NOT_LORA("keys that are not LoRA keys of this layout"),
        TEXT_ENCODER("text-encoder keys (Petal applies LoRA to the UNet only)"),
        UNKNOWN_MODULE("keys of modules this model does not have"),
        NOT_LINEAR("keys of modules that are not Linear layers (LoRA wraps Linear layers only)"),
        INCOMPLETE("incomplete modules"),
        SHAPE("shape mismatches"),
        ALPHA("alpha problems"),
        UNSUPPORTED("unsupported settings");

        final String title;

        Kind(String title) {
            this.title = title;
        }
    }

    private final Path file;
    private final Map<Kind, List<String>> problems;

    private LoraFileException(Path file, String message, Map<Kind, List<String>> problems) {
        super(message);
        this.file = file;
        this.problems = problems;
    }

    /** One problem that stops reading at once (not a LoRA file, unreadable config). */
    LoraFileException(Path file, String message) {
        this(file, "cannot load LoRA " + file + ": " + message, Map.of());
    }

    public Path file() {
        return file;
    }

    /** Every listed item (mostly tensor keys), across kinds. */
    public List<String> items() {
        List<String> all = new ArrayList<>();
        problems.values().forEach(all::addAll);
        return all;
    }

    /** Collects problems while a file is checked; {@link #throwIfAny} reports them together. */
    static final class Problems {
        private final Path file;
        private final LoraLayout layout;
        private final Map<Kind, List<String>> items = new EnumMap<>(Kind.class);

        Problems(Path file, LoraLayout layout) {
            this.file = file;
            this.layout = layout;
        }

        void add(Kind kind, String item) {
            items.computeIfAbsent(kind, k -> new ArrayList<>()).add(item);
        }

        boolean isEmpty() {
            return items.isEmpty();
        }

        void throwIfAny() {
            if (items.isEmpty()) return;
            StringBuilder sb = new StringBuilder("cannot load LoRA " + file + " (" + layout.label() + " layout):");
            items.forEach((kind, list) -> {
                sb.append("\n  ").append(kind.title).append(": ").append(list.size());
                for (int i = 0; i < Math.min(SHOWN, list.size()); i++) sb.append("\n    ").append(list.get(i));
                if (list.size() > SHOWN) sb.append("\n    … and ").append(list.size() - SHOWN).append(" more");
            });
            throw new LoraFileException(file, sb.toString(), items);
        }
    }
}
