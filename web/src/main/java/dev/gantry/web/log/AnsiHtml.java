package dev.gantry.web.log;

import dev.gantry.web.page.Html;

/**
 * Turns one log line with ANSI escape sequences into escaped HTML: SGR colours (the 16 standard and bright ones,
 * also as {@code 38;5;n} below 16), bold, dim, italic and underline become {@code <span class="...">}; every other
 * escape sequence is dropped; a carriage return keeps what was written after it, as a terminal shows it. The text
 * itself is always HTML-escaped.
 */
public final class AnsiHtml {
    private AnsiHtml() {
    }

    /** The HTML of one line (no newline in {@code line}). */
    public static String line(String line) {
        int cr = line.lastIndexOf('\r', line.length() - 2);
        if (cr >= 0) {
            line = line.substring(cr + 1);
        }
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.indexOf('\u001b') < 0) {
            return Html.esc(line);
        }
        StringBuilder out = new StringBuilder(line.length() + 32);
        Style style = new Style();
        boolean open = false;
        int i = 0;
        int textStart = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c != '\u001b') {
                i++;
                continue;
            }
            out.append(Html.esc(line.substring(textStart, i)));
            int end = i + 1;
            if (end < line.length() && line.charAt(end) == '[') {
                int j = end + 1;
                while (j < line.length() && (Character.isDigit(line.charAt(j)) || line.charAt(j) == ';'
                        || line.charAt(j) == '?')) {
                    j++;
                }
                if (j < line.length()) {
                    if (line.charAt(j) == 'm') {
                        String classes = style.apply(line.substring(end + 1, j));
                        if (open) {
                            out.append("</span>");
                            open = false;
                        }
                        if (!classes.isEmpty()) {
                            out.append("<span class=\"").append(classes).append("\">");
                            open = true;
                        }
                    }
                    j++;
                }
                i = j;
            } else if (end < line.length() && line.charAt(end) == ']') {
                int j = end + 1;
                while (j < line.length() && line.charAt(j) != '\u0007' && line.charAt(j) != '\u001b') {
                    j++;
                }
                i = Math.min(line.length(), j + (j < line.length() && line.charAt(j) == '\u001b' ? 2 : 1));
            } else {
                i = Math.min(line.length(), end + 1);
            }
            textStart = i;
        }
        out.append(Html.esc(line.substring(Math.min(textStart, line.length()))));
        if (open) {
            out.append("</span>");
        }
        return out.toString();
    }

    /** The SGR state of a line. */
    private static final class Style {
        private int fg = -1;
        private int bg = -1;
        private boolean bold;
        private boolean dim;
        private boolean italic;
        private boolean underline;

        String apply(String params) {
            String[] parts = params.isEmpty() ? new String[] {"0"} : params.split(";", -1);
            for (int k = 0; k < parts.length; k++) {
                int n;
                try {
                    n = parts[k].isEmpty() ? 0 : Integer.parseInt(parts[k]);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (n == 0) {
                    fg = -1;
                    bg = -1;
                    bold = dim = italic = underline = false;
                } else if (n == 1) {
                    bold = true;
                } else if (n == 2) {
                    dim = true;
                } else if (n == 3) {
                    italic = true;
                } else if (n == 4) {
                    underline = true;
                } else if (n == 22) {
                    bold = dim = false;
                } else if (n == 23) {
                    italic = false;
                } else if (n == 24) {
                    underline = false;
                } else if (n >= 30 && n <= 37) {
                    fg = n - 30;
                } else if (n >= 90 && n <= 97) {
                    fg = n - 90 + 8;
                } else if (n == 39) {
                    fg = -1;
                } else if (n >= 40 && n <= 47) {
                    bg = n - 40;
                } else if (n >= 100 && n <= 107) {
                    bg = n - 100 + 8;
                } else if (n == 49) {
                    bg = -1;
                } else if ((n == 38 || n == 48) && k + 1 < parts.length) {
                    int colour = -1;
                    if (parts[k + 1].equals("5") && k + 2 < parts.length) {
                        try {
                            colour = Integer.parseInt(parts[k + 2]);
                        } catch (NumberFormatException e) {
                            colour = -1;
                        }
                        k += 2;
                    } else if (parts[k + 1].equals("2")) {
                        k += 4;
                    }
                    if (colour >= 0 && colour < 16) {
                        if (n == 38) {
                            fg = colour;
                        } else {
                            bg = colour;
                        }
                    }
                }
            }
            StringBuilder c = new StringBuilder();
            if (fg >= 0) {
                c.append("f").append(fg).append(' ');
            }
            if (bg >= 0) {
                c.append("b").append(bg).append(' ');
            }
            if (bold) {
                c.append("bo ");
            }
            if (dim) {
                c.append("di ");
            }
            if (italic) {
                c.append("it ");
            }
            if (underline) {
                c.append("un ");
            }
            return c.toString().trim();
        }
    }
}
