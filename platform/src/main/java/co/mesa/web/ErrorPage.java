package co.mesa.web;

import co.mesa.shared.Problem;

import java.util.Locale;

/**
 * The HTML face of a problem for browsers, when no tenant (and so no theme) is known. Plain,
 * accessible markup: one heading, the explanation, a language attribute.
 */
final class ErrorPage {

    private ErrorPage() {
    }

    static String render(Locale locale, Problem problem) {
        return "<!doctype html>\n<html lang=\"" + ("en".equals(locale.getLanguage()) ? "en" : "es-CO") + "\">\n"
                + "<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(problem.title()) + " · Mesa</title></head>\n"
                + "<body><main><h1>" + escape(problem.title()) + "</h1>\n"
                + "<p>" + escape(problem.detail()) + "</p></main></body>\n</html>\n";
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
