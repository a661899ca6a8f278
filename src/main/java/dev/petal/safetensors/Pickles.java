package dev.petal.safetensors;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** Petal never unpickles: pickle checkpoints can run arbitrary code when loaded. */
final class Pickles {
    private static final Set<String> EXTENSIONS = Set.of("ckpt", "bin", "pt", "pth", "pkl", "pickle");

    private Pickles() {
    }

    static void refuse(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1))) throw refusal(path);
    }

    /** A zip (torch.save) or raw pickle stream under another extension. */
    static void refuseByMagic(Path path, MemorySegment file) {
        byte b0 = file.get(ValueLayout.JAVA_BYTE, 0), b1 = file.get(ValueLayout.JAVA_BYTE, 1);
        boolean zip = b0 == 'P' && b1 == 'K';
        boolean pickle = (b0 & 0xFF) == 0x80 && b1 >= 2 && b1 <= 5;
        if (zip || pickle) throw refusal(path);
    }

    private static SafetensorsException refusal(Path path) {
        return SafetensorsException.at(path, "is a pickle checkpoint (.ckpt/.bin/.pt); Petal does not load pickle "
                + "files because they can execute code. Convert it once to safetensors, e.g. in Python: "
                + "`import torch, safetensors.torch as st; sd = torch.load(path, map_location='cpu', weights_only=True); "
                + "st.save_file(sd.get('state_dict', sd), 'model.safetensors')`, or use diffusers' "
                + "`save_pretrained(..., safe_serialization=True)`.");
    }
}
