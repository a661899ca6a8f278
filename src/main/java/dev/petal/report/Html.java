package dev.petal.report;

import java.util.List;

/** A small HTML page builder for Petal's reports (escaped text, images, tables, preformatted blocks). */
public final class Html {
    private final StringBuilder body = new StringBuilder();
    private final String title;

    public Html(String title) {
        this.title = title;
        h1(title);
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public Html h1(String s) {
        body.append("<h1>").append(esc(s)).append("</h1>\n");
        return this;
    }

    public Html h2(String s) {
        body.append("<h2>").append(esc(s)).append("</h2>\n");
        return this;
    }

    public Html h3(String s) {
        body.append("<h3>").append(esc(s)).append("</h3>\n");
        return this;
    }

    public Html p(String s) {
        body.append("<p>").append(esc(s)).append("</p>\n");
        return this;
    }

    public Html pre(String s) {
        body.append("<pre>").append(esc(s)).append("</pre>\n");
        return this;
    }

    public Html img(String src, String alt) {
        body.append("<img src=\"").append(esc(src)).append("\" alt=\"").append(esc(alt)).append("\">\n");
        return this;
    }

    /** A picture shown enlarged without smoothing (small generated images), {@code height} CSS pixels high. */
    public Html pixels(String src, String alt, int height) {
        body.append("<img style=\"image-rendering:pixelated;height:").append(height).append("px\" src=\"").append(esc(src))
                .append("\" alt=\"").append(esc(alt)).append("\">\n");
        return this;
    }

    public Html figureRow(String caption, List<String> images) {
        body.append("<figure><figcaption>").append(esc(caption)).append("</figcaption>");
        for (String i : images) body.append("<img class=\"pix\" src=\"").append(esc(i)).append("\">");
        body.append("</figure>\n");
        return this;
    }

    public Html table(String[] head, List<String[]> rows) {
        body.append("<table><tr>");
        for (String h : head) body.append("<th>").append(esc(h)).append("</th>");
        body.append("</tr>\n");
        for (String[] r : rows) {
            body.append("<tr>");
            for (String c : r) body.append("<td>").append(esc(c)).append("</td>");
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    public String render() {
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>\n<style>"
                + "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                + "th{background:#f0f0f0}pre{background:#f7f7f7;padding:8px;overflow:auto;font-size:12px}"
                + "img.pix{image-rendering:pixelated;width:256px;margin:2px}figure{margin:1em 0}"
                + "</style></head><body>\n" + body + "</body></html>\n";
    }
}
