package dev.petal.study.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for the R formula subset used by ANOVA:
 * {@code y ~ a}, {@code a + b}, {@code a * b} (= {@code a + b + a:b}), {@code a:b}, parentheses,
 * {@code (a + b + c)^2} and an explicit intercept {@code 1}. Precedence as in R: {@code ^} binds
 * tightest, then {@code :}, then {@code *}, then {@code +}. Removing terms ({@code -}) and models
 * without an intercept ({@code 0}) are not supported and rejected.
 */
final class FormulaParser {

    private final String text;
    private final List<String> tokens;
    private int pos;

    private FormulaParser(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    static Formula parse(String text) {
        return new FormulaParser(text).formula();
    }

    private Formula formula() {
        String response = name();
        expect("~");
        List<Set<String>> sets = sum();
        if (pos != tokens.size()) {
            throw error("unexpected '" + tokens.get(pos) + "'");
        }
        List<String> order = tokens.stream().skip(2).filter(FormulaParser::isName)
                .map(FormulaParser::unquote).distinct().toList();
        if (order.contains(response)) {
            throw error("the response '" + response + "' also appears on the right-hand side");
        }
        List<Term> terms = new ArrayList<>();
        for (Set<String> set : sets) {
            if (!set.isEmpty()) {
                terms.add(new Term(set.stream().sorted(Comparator.comparingInt(order::indexOf)).toList()));
            }
        }
        if (terms.isEmpty()) {
            throw error("the model has no terms besides the intercept");
        }
        terms.sort(Comparator.comparingInt(Term::order));
        return new Formula(response, terms);
    }

    private List<Set<String>> sum() {
        List<Set<String>> result = product();
        while (accept("+")) {
            result = union(result, product());
        }
        if (peek("-")) {
            throw error("removing terms with '-' is not supported");
        }
        return result;
    }

    private List<Set<String>> product() {
        List<Set<String>> result = interaction();
        while (accept("*")) {
            List<Set<String>> right = interaction();
            result = union(union(result, right), interact(result, right));
        }
        return result;
    }

    private List<Set<String>> interaction() {
        List<Set<String>> result = power();
        while (accept(":")) {
            result = interact(result, power());
        }
        return result;
    }

    private List<Set<String>> power() {
        List<Set<String>> base = atom();
        if (!accept("^")) {
            return base;
        }
        String exponent = next();
        if (!exponent.matches("[1-9][0-9]*")) {
            throw error("'^' needs a positive integer, got '" + exponent + "'");
        }
        List<Set<String>> result = base;
        for (int i = 1; i < Integer.parseInt(exponent); i++) {
            result = union(result, interact(result, base));
        }
        return result;
    }

    private List<Set<String>> atom() {
        if (accept("(")) {
            List<Set<String>> inner = sum();
            expect(")");
            return inner;
        }
        if (accept("1")) {
            return List.of(Set.of());
        }
        if (peek("0")) {
            throw error("models without an intercept are not supported");
        }
        return List.of(Set.of(name()));
    }

    private static List<Set<String>> union(List<Set<String>> left, List<Set<String>> right) {
        List<Set<String>> out = new ArrayList<>(left);
        for (Set<String> term : right) {
            if (!out.contains(term)) {
                out.add(term);
            }
        }
        return out;
    }

    private static List<Set<String>> interact(List<Set<String>> left, List<Set<String>> right) {
        List<Set<String>> out = new ArrayList<>();
        for (Set<String> l : left) {
            for (Set<String> r : right) {
                Set<String> term = new LinkedHashSet<>(l);
                term.addAll(r);
                if (!out.contains(term)) {
                    out.add(term);
                }
            }
        }
        return out;
    }

    private String name() {
        String token = next();
        if (!isName(token)) {
            throw error("expected a variable name, got '" + token + "'");
        }
        return unquote(token);
    }

    private static String unquote(String token) {
        return token.startsWith("`") ? token.substring(1, token.length() - 1) : token;
    }

    private static boolean isName(String token) {
        return token.startsWith("`") || Character.isLetter(token.charAt(0)) || token.charAt(0) == '.';
    }

    private boolean peek(String token) {
        return pos < tokens.size() && tokens.get(pos).equals(token);
    }

    private boolean accept(String token) {
        if (peek(token)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) {
            throw error("expected '" + token + "'");
        }
    }

    private String next() {
        if (pos >= tokens.size()) {
            throw error("unexpected end");
        }
        return tokens.get(pos++);
    }

    private StatsException error(String message) {
        return new StatsException("cannot parse formula '" + text + "': " + message);
    }

    private static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if ("~+*:()^-".indexOf(c) >= 0) {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '`') {
                int end = text.indexOf('`', i + 1);
                if (end < 0) {
                    throw new StatsException("cannot parse formula '" + text + "': unclosed backtick");
                }
                out.add(text.substring(i, end + 1));
                i = end + 1;
            } else if (Character.isLetterOrDigit(c) || c == '.' || c == '_') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.'
                        || text.charAt(i) == '_')) {
                    i++;
                }
                out.add(text.substring(start, i));
            } else {
                throw new StatsException("cannot parse formula '" + text + "': unexpected character '" + c + "'");
            }
        }
        return out;
    }
}
