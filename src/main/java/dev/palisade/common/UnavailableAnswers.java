package dev.palisade.common;

/**
 * The bodies of the 503 answers given while the database cannot be reached, the same wherever they
 * are given (the web UI and the API of a running node, the stand-in server of a node that started
 * without its database): an RFC 9457 problem for the API and other programs, a page for browsers.
 * Both say {@link DatabaseStatus#UNAVAILABLE}; the answer carries {@code Retry-After: }{@link
 * DatabaseStatus#RETRY_AFTER_SECONDS}. Stateless.
 */
public final class UnavailableAnswers {

  private UnavailableAnswers() {}

  /** Whether a request for this path and {@code Accept} header gets the problem, not the page. */
  public static boolean wantsProblem(String path, String accept) {
    return path.startsWith("/api/") || accept == null || !accept.contains("text/html");
  }

  /** The problem ({@code application/problem+json}) for a request of this path. */
  public static String problem(String path) {
    return "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
        + "\"detail\":\""
        + DatabaseStatus.UNAVAILABLE
        + "\",\"instance\":\""
        + json(path)
        + "\"}";
  }

  /** The page ({@code text/html}), its style sheet under {@code contextPath}. */
  public static String page(String contextPath) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Database unavailable - Palisade</title>"
        + "<link rel=\"stylesheet\" href=\""
        + contextPath
        + "/css/palisade.css\"></head>\n<body><main class=\"narrow-main\">"
        + "<h1>Database unavailable</h1><p>"
        + DatabaseStatus.UNAVAILABLE
        + "</p><p>Reload this page in a few seconds.</p></main></body></html>\n";
  }

  private static String json(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
