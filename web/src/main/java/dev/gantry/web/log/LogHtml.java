package dev.gantry.web.log;

/** One log line as the action page shows it: a link to itself (its number) and the rendered text. */
public final class LogHtml {
    private LogHtml() {
    }

    public static String line(long number, String text) {
        return "<div class=\"l\" id=\"L" + number + "\"><a class=\"n\" href=\"#L" + number + "\" tabindex=\"-1\">"
                + number + "</a><span class=\"t\">" + AnsiHtml.line(text) + "</span></div>";
    }
}
