package dev.petal.nn;

import java.util.regex.Pattern;

/** A glob over dotted parameter names: {@code *} matches any run of characters (dots included), {@code ?} one. */
public record NamePattern(String glob, Pattern regex) {

    public static NamePattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new NamePattern(glob, Pattern.compile(re.toString()));
    }

    public boolean matches(String name) {
        return regex.matcher(name).matches();
    }
}
