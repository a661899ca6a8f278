package dev.petal.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives personalization subjects from the catalogue: base emoji of one subcategory whose names share a head noun
 * ("grinning cat face", "pouting cat face", "cat face with wry smile" → head noun "face") form a family; the class
 * noun is the longest word suffix their head phrases share ("cat face"). Families need at least
 * {@value #MIN_SIZE} members and keep the first {@value #MAX_SIZE} in catalogue order. People's activities get a
 * noun: "golfing" → "person golfing". Flags and heads that are no nouns ("o'clock") make no families.
 * A family is named after its class noun ("cat-face"); a class noun shared by several families ("face") is
 * qualified by the subcategory ("face-smiling").
 */
public final class EmojiFamilies {
    public static final int MIN_SIZE = 3;
    public static final int MAX_SIZE = 6;
    private static final Set<String> NOT_NOUNS = Set.of("o'clock", "right", "left");
    private static final Set<String> PREPOSITIONS = Set.of("in", "on", "with", "facing");

    private EmojiFamilies() {
    }

    public static List<EmojiFamily> derive(EmojiCatalog catalog) {
        Map<String, List<Emoji>> groups = new LinkedHashMap<>();
        for (Emoji e : catalog.bases()) {
            if (e.category().equals("Flags")) continue;
            String[] core = words(e);
            groups.computeIfAbsent(e.subcategory() + "/" + core[core.length - 1], k -> new ArrayList<>()).add(e);
        }
        record Draft(String classNoun, List<Emoji> members) {
        }
        List<Draft> drafts = new ArrayList<>();
        for (List<Emoji> g : groups.values()) {
            if (g.size() < MIN_SIZE) continue;
            String noun = classNoun(g);
            if (noun == null) continue;
            drafts.add(new Draft(noun, g.subList(0, Math.min(MAX_SIZE, g.size()))));
        }
        Map<String, Integer> nounUses = new HashMap<>();
        for (Draft d : drafts) nounUses.merge(d.classNoun(), 1, Integer::sum);
        List<EmojiFamily> out = new ArrayList<>();
        for (Draft d : drafts) {
            String sub = d.members().getFirst().subcategory();
            out.add(new EmojiFamily(name(d.classNoun(), sub, nounUses.get(d.classNoun()) > 1), d.classNoun(), sub, d.members()));
        }
        return out;
    }

    /** "cat face" → "cat-face"; a shared noun is qualified: "face" in face-smiling → "face-smiling", "symbol" in warning → "warning-symbol". */
    private static String name(String classNoun, String subcategory, boolean shared) {
        String noun = slug(classNoun), sub = slug(subcategory);
        if (!shared) return noun;
        boolean subNamesNoun = sub.equals(noun) || sub.startsWith(noun + "-") || sub.endsWith("-" + noun);
        return subNamesNoun ? sub : sub + "-" + noun;
    }

    /** The family with this name, or a clear error listing the names. */
    public static EmojiFamily find(List<EmojiFamily> families, String name) {
        return families.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no emoji family '" + name + "' (valid: " + String.join(", ", families.stream().map(EmojiFamily::name).toList()) + ")"));
    }

    /** The head phrase's words, up to the head noun ("face throwing a kiss" → [face]). */
    private static String[] words(Emoji e) {
        String[] core = EmojiCaptions.core(EmojiCaptions.name(e)).split(" ");
        return EmojiCaptions.FIRST_HEADS.contains(core[0]) ? new String[]{core[0]} : core;
    }

    /**
     * The longest word suffix all head phrases share; null when it is no usable noun. Among people, the phrases of
     * "man …"/"woman …" members decide when there are several ("handball", "man playing handball", "woman playing
     * handball" → "playing handball"), and an activity gets its actor: "person playing handball", "people holding hands".
     */
    static String classNoun(List<Emoji> group) {
        List<String[]> cores = group.stream().map(EmojiFamilies::words).toList();
        boolean people = group.getFirst().category().equals("People & Body");
        if (people) {
            List<String[]> actors = cores.stream().filter(c -> c.length > 1 && EmojiCaptions.PEOPLE.contains(c[0])).toList();
            if (actors.size() >= 2) cores = actors;
        }
        List<String> suffix = commonSuffix(cores);
        if (suffix.isEmpty()) return null;
        String last = suffix.getLast(), first = suffix.getFirst();
        if (NOT_NOUNS.contains(last) || last.endsWith("wards")) return null;
        if (people && (first.endsWith("ing") || PREPOSITIONS.contains(first))) {
            boolean plural = cores.stream().anyMatch(c -> EmojiCaptions.isPlural(c[0]) || c[0].equals("two"));
            suffix.addFirst(plural ? "people" : "person");
        }
        return String.join(" ", suffix);
    }

    private static List<String> commonSuffix(List<String[]> cores) {
        List<String> suffix = new ArrayList<>();
        for (int i = 1; ; i++) {
            int k = i;
            String w = at(cores.getFirst(), k);
            if (w == null || !cores.stream().allMatch(c -> w.equals(at(c, k)))) return suffix;
            suffix.addFirst(w);
        }
    }

    private static String at(String[] words, int fromEnd) {
        return fromEnd <= words.length ? words[words.length - fromEnd] : null;
    }

    static String slug(String s) {
        return String.join("-", Arrays.stream(s.toLowerCase().split("[^a-z0-9]+")).filter(w -> !w.isEmpty()).toList());
    }
}
