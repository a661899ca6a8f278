package dev.petal.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmojiFamiliesTest {
    @TempDir
    static Path tmp;
    static EmojiCatalog catalog;
    static List<EmojiFamily> families;

    @BeforeAll
    static void fake() {
        catalog = EmojiCatalog.read(FakeEmojiPackages.write(tmp).resolve(EmojiPackages.CATALOGUE));
        families = EmojiFamilies.derive(catalog);
    }

    @Test
    void catalogueIsInSortOrderWithoutComponents() {
        assertEquals("umbrella", catalog.all().getFirst().baseName(), "sort_order, not file order");
        assertEquals(24 + 4 * 5, catalog.all().size());
        assertTrue(catalog.all().stream().noneMatch(e -> e.category().equals("Component")));
        List<Emoji> golfer = catalog.all().stream().filter(e -> e.baseName().equals("golfer")).toList();
        assertEquals(6, golfer.size());
        assertTrue(golfer.getFirst().isBase());
        assertEquals(List.of("1F3FB"), golfer.get(1).skinTones());
    }

    @Test
    void catFacesAreAFamilyOfAtMostSix() {
        EmojiFamily cats = EmojiFamilies.find(families, "cat-face");
        assertEquals("cat face", cats.classNoun());
        assertEquals("cat-face", cats.subcategory());
        assertEquals(EmojiFamilies.MAX_SIZE, cats.members().size(), "7 cat faces, the first 6 in catalogue order");
        assertFalse(cats.members().stream().anyMatch(e -> e.baseName().equals("smile_cat")), "smile_cat sorts last here");
        assertEquals("an emoji of a sks cat face", cats.instancePrompt());
        assertEquals("an emoji of a cat face", cats.classPrompt());
        assertTrue(cats.members().stream().allMatch(Emoji::isBase));
    }

    @Test
    void sharedClassNounsAreQualifiedBySubcategoryAndPeopleGetAnActor() {
        List<String> names = families.stream().map(EmojiFamily::name).toList();
        assertTrue(names.containsAll(List.of("face-smiling", "face-affection", "person-golfing")), names.toString());
        assertEquals("person golfing", EmojiFamilies.find(families, "person-golfing").classNoun());
        assertEquals("an emoji of a sks person golfing", EmojiFamilies.find(families, "person-golfing").instancePrompt());
        assertFalse(names.contains("monkey"), "two monkeys are too few");
        assertTrue(families.stream().noneMatch(f -> f.subcategory().endsWith("flag")), "flags make no family");
        assertTrue(families.stream().allMatch(f -> f.members().size() >= 3 && f.members().size() <= 6));
        assertEquals(names.size(), names.stream().distinct().count(), "unique names");
    }

    @Test
    void unknownFamilyListsTheValidNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> EmojiFamilies.find(families, "dog"));
        assertTrue(e.getMessage().contains("cat-face"), e.getMessage());
    }

    @Test
    void pluralClassNounsTakeNoArticleInPrompts() {
        var f = new EmojiFamily("people-holding-hands", "people holding hands", "family", List.of());
        assertEquals("an emoji of sks people holding hands", f.instancePrompt());
        assertEquals("an emoji of people holding hands", f.classPrompt());
        var elf = new EmojiFamily("elf", "elf", "person-fantasy", List.of());
        assertEquals("an emoji of a sks elf", elf.instancePrompt());
        assertEquals("an emoji of an elf", elf.classPrompt());
    }
}
