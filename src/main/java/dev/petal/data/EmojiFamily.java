package dev.petal.data;

import java.util.List;

/**
 * A personalization subject: 3–6 emoji sharing a base concept (the cat faces: grinning, joy, heart-eyes, …), with the
 * DreamBooth prompts for it.
 *
 * @param name        a unique, file-name-safe name, e.g. {@code cat-face}
 * @param classNoun   what the emoji are, e.g. {@code cat face}
 * @param subcategory the emoji-datasource subcategory the members come from
 * @param members     the base emoji (no skin-tone variants), in catalogue order
 */
public record EmojiFamily(String name, String classNoun, String subcategory, List<Emoji> members) {
    /** The rare token that stands for the subject in instance prompts. */
    public static final String TOKEN = "sks";
    public static final String INSTANCE_TEMPLATE = "an emoji of a " + TOKEN + " {class}";
    public static final String CLASS_TEMPLATE = "an emoji of a {class}";

    public EmojiFamily {
        members = List.copyOf(members);
    }

    /** e.g. "an emoji of a sks cat face" (the template; a plural class noun takes no article: "… of sks people …"). */
    public String instancePrompt() {
        String withArticle = EmojiCaptions.withArticle(classNoun);
        String article = withArticle.substring(0, withArticle.length() - classNoun.length());
        return EmojiCaptions.PREFIX + (article.equals("an ") ? "a " : article) + TOKEN + " " + classNoun;
    }

    /** e.g. "an emoji of a cat face". */
    public String classPrompt() {
        return EmojiCaptions.PREFIX + EmojiCaptions.withArticle(classNoun);
    }
}
