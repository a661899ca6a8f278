package dev.petal.cli;

import dev.petal.data.Emoji;
import dev.petal.data.EmojiCatalog;
import dev.petal.data.EmojiDatasets;
import dev.petal.data.EmojiFamilies;
import dev.petal.data.EmojiFamily;
import dev.petal.data.EmojiPackages;
import dev.petal.data.EmojiStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code petal data emoji}: the emoji image–caption sets and personalization subjects. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Build training data sets.",
        subcommands = {DataCommand.EmojiData.class})
public final class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "emoji", mixinStandardHelpOptions = true,
            description = {"Emoji image–caption sets (Noto and Twemoji, 64×64, from the emoji-datasource npm packages "
                    + EmojiPackages.VERSION + ") with fixed train/test splits, or one personalization subject (--family).",
                    "The packages are installed with npm into the cache when missing."})
    static final class EmojiData implements Callable<Integer> {
        @Option(names = "--out", description = "output folder")
        Path out;
        @Option(names = "--list-families", description = "list the personalization subjects (families) and exit")
        boolean listFamilies;
        @Option(names = "--family", description = "write this family's Twemoji images as a subject folder (see --list-families)")
        String family;
        @Option(names = "--styles", split = ",", defaultValue = "noto,twemoji", description = "image sets (default: ${DEFAULT-VALUE})")
        List<String> styles;
        @Option(names = "--skin-tones", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "include skin-tone variants (default: ${DEFAULT-VALUE})")
        boolean skinTones;
        @Option(names = "--max-train", description = "at most this many train images per style (a fixed sample)")
        Integer maxTrain;
        @Option(names = "--max-test", description = "at most this many held-out images per style (a fixed sample)")
        Integer maxTest;
        @Option(names = "--cache", description = "where the npm packages are kept (default: <petal home>/.petal-cache/emoji-npm)")
        Path cache;
        @Option(names = "--npm", defaultValue = "npm", description = "the npm command (default: ${DEFAULT-VALUE})")
        String npm;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            if (!listFamilies && this.out == null) throw new ParameterException(spec.commandLine(), "--out is required (or --list-families)");
            Path modules = EmojiPackages.ensure(cache != null ? cache : EmojiPackages.defaultCache(), npm, spec.commandLine().getErr());
            EmojiCatalog catalog = EmojiCatalog.read(modules.resolve(EmojiPackages.CATALOGUE));
            if (listFamilies || family != null) {
                List<EmojiFamily> families = EmojiFamilies.derive(catalog);
                if (listFamilies) {
                    for (EmojiFamily f : families) {
                        out.printf("%-28s %-26s %d  %s%n", f.name(), "\"" + f.classNoun() + "\"", f.members().size(),
                                String.join(", ", f.members().stream().map(Emoji::baseName).toList()));
                    }
                    out.println(families.size() + " families");
                    return 0;
                }
                EmojiFamily f = EmojiFamilies.find(families, family);
                int n = EmojiDatasets.writeSubject(f, EmojiStyle.TWEMOJI, modules, this.out);
                out.printf("subject %s: %d images, \"%s\" → %s%n", f.name(), n, f.instancePrompt(), this.out.toAbsolutePath());
                return 0;
            }
            var options = new EmojiDatasets.Options(styles.stream().map(EmojiStyle::parse).toList(), skinTones,
                    maxTrain != null ? maxTrain : Integer.MAX_VALUE, maxTest != null ? maxTest : Integer.MAX_VALUE);
            var counts = EmojiDatasets.build(catalog, modules, options, this.out);
            counts.forEach((k, v) -> out.printf("%-16s %5d images%n", k, v));
            out.println("→ " + this.out.toAbsolutePath());
            return 0;
        }
    }
}
