package dev.petal.data;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The emoji-datasource npm packages (catalogue, Noto and Twemoji images) in a cache folder, installed with npm when
 * missing: {@code npm install --prefix CACHE emoji-datasource@16.0.0 …}. npm is the only download Petal makes here.
 */
public final class EmojiPackages {
    public static final String VERSION = "16.0.0";
    public static final String CATALOGUE = "emoji-datasource";
    public static final List<String> PACKAGES = List.of(CATALOGUE, EmojiStyle.NOTO.npmPackage, EmojiStyle.TWEMOJI.npmPackage);

    private EmojiPackages() {
    }

    /** The default cache: {@code .petal-cache/emoji-npm} under the Petal home (the launcher sets petal.home) or here. */
    public static Path defaultCache() {
        return Path.of(System.getProperty("petal.home", ".")).resolve(".petal-cache").resolve("emoji-npm");
    }

    /** The {@code node_modules} folder of the cache, installing the packages with {@code npm} first when missing. */
    public static Path ensure(Path cache, String npm, PrintWriter log) {
        Path modules = cache.resolve("node_modules");
        List<String> missing = missing(modules);
        if (missing.isEmpty()) return modules;
        log.println("installing " + String.join(", ", missing) + " with npm into " + cache.toAbsolutePath() + " …");
        install(cache, npm);
        missing = missing(modules);
        if (!missing.isEmpty()) throw new IllegalStateException("npm finished but " + String.join(", ", missing) + " is missing in " + modules);
        return modules;
    }

    /** The packages ({@code name@version}) not installed at {@link #VERSION} under {@code modules}. */
    static List<String> missing(Path modules) {
        List<String> missing = new ArrayList<>();
        for (String p : PACKAGES) {
            Path json = modules.resolve(p).resolve("package.json");
            String version = null;
            try {
                if (Files.isRegularFile(json)) version = new ObjectMapper().readTree(json.toFile()).path("version").asText();
            } catch (IOException e) {
                version = null;
            }
            if (!VERSION.equals(version)) missing.add(p + "@" + VERSION);
        }
        return missing;
    }

    private static void install(Path cache, String npm) {
        List<String> cmd = new ArrayList<>(List.of(npm, "install", "--prefix", cache.toAbsolutePath().toString(),
                "--no-audit", "--no-fund", "--loglevel=error"));
        PACKAGES.forEach(p -> cmd.add(p + "@" + VERSION));
        String output;
        int code;
        try {
            Files.createDirectories(cache);
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            proc.getOutputStream().close();
            output = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            code = proc.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + npm + "' (" + e.getMessage() + "). Petal downloads the emoji packages "
                    + "with npm: install Node.js/npm, or put " + String.join(", ", PACKAGES) + " " + VERSION + " under "
                    + cache.resolve("node_modules"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while npm was installing the emoji packages", e);
        }
        if (code != 0) {
            throw new IllegalStateException("npm install failed (exit " + code + "); is the npm registry reachable (network, proxy)? "
                    + "npm said: " + tail(output));
        }
    }

    private static String tail(String s) {
        if (s.isEmpty()) return "(nothing)";
        List<String> lines = s.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    }
}
