package dev.gantry.web.page;

import dev.gantry.server.auth.Caller;
import dev.gantry.web.auth.Sessions;

import static dev.gantry.web.page.Html.esc;

/**
 * The frame around every page: header with navigation and who is signed in, the main content, the stylesheet and
 * script served by Gantry itself. A page that changes on its own gets {@code data-live} and, for readers without
 * JavaScript, a {@code <noscript>} reload every few seconds.
 */
public final class Layout {
    /** Page title, content and whether it is live (reloads itself without JavaScript). */
    public String page(String title, String body, Caller caller, Sessions.Session session, boolean live) {
        StringBuilder b = new StringBuilder(body.length() + 2048);
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"color-scheme\" content=\"light dark\">")
                .append("<title>").append(esc(title)).append(" · Gantry</title>")
                .append("<link rel=\"stylesheet\" href=\"/static/gantry.css\">")
                .append("<script src=\"/static/gantry.js\" defer></script>");
        if (live) {
            b.append("<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>");
        }
        b.append("</head><body").append(live ? " data-live=\"true\"" : "").append(">")
                .append("<a class=\"skip\" href=\"#main\">Skip to content</a>")
                .append("<header class=\"top\"><nav aria-label=\"Main\"><a class=\"brand\" href=\"/\">")
                .append("<span aria-hidden=\"true\">◆</span> Gantry</a>")
                .append("<a href=\"/\">Home</a><a href=\"/runners\">Runners</a></nav><div class=\"who\">");
        if (caller == null) {
            b.append("<a href=\"/signin\">Sign in</a>");
        } else if (caller.isAnonymous()) {
            b.append("<span>Reading anonymously</span> <a href=\"/signin\">Sign in</a>");
        } else {
            b.append("<span>").append(esc(caller.name())).append(" (").append(esc(caller.role().label()))
                    .append(")</span>");
            if (session != null) {
                b.append("<form method=\"post\" action=\"/signout\" class=\"inline\">").append(csrf(session))
                        .append("<button type=\"submit\">Sign out</button></form>");
            }
        }
        b.append("</div></header><main id=\"main\" tabindex=\"-1\">").append(body).append("</main></body></html>");
        return b.toString();
    }

    /** The hidden CSRF field every form of a signed-in page carries. */
    public static String csrf(Sessions.Session session) {
        return session == null ? "" : "<input type=\"hidden\" name=\"_csrf\" value=\"" + esc(session.csrf()) + "\">";
    }

    /** An error page: the status and the reason in words. */
    public String error(int status, String reason, Caller caller, Sessions.Session session) {
        String title = switch (status) {
            case 400 -> "Bad request";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "Not now";
            case 413 -> "Too large";
            default -> "Something went wrong";
        };
        return page(title, "<h1>" + esc(title) + "</h1><p class=\"reason\">" + esc(reason)
                + "</p><p><a href=\"/\">Back to the start page</a></p>", caller, session, false);
    }
}
