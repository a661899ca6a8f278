package dev.petal.study.stats;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Default level order when none is given, as R's {@code factor()}: sorted, numerically if all labels are numbers. */
final class Levels {

    private Levels() {
    }

    static List<String> sorted(List<String> labels) {
        List<String> distinct = labels.stream().filter(Objects::nonNull).distinct().toList();
        boolean numeric = distinct.stream().allMatch(Levels::isNumber);
        Comparator<String> order = numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
        return distinct.stream().sorted(order).toList();
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
