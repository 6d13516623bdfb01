package dev.palisade.system.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of sign-ins to the web UI: one line per attempt, never the password. The user name is
 * logged as typed, cut to 100 characters and with quotes, backslashes, control, format and
 * separator characters escaped ({@code \r}, {@code \n}, {@code \t}, {@code \\uXXXX}), so a name
 * cannot forge a log line or hide text. The lines, for log watchers such as fail2ban:
 *
 * <pre>
 * signed in: user "alice" from 192.0.2.7
 * sign-in failed: user "alice" from 192.0.2.7: bad password
 * sign-in failed: user "mallory" from 192.0.2.7: unknown user
 * sign-in failed: user "alice" from 192.0.2.7: throttled (wait 8 s)
 * </pre>
 *
 * Stateless and thread-safe.
 */
final class SignInLog {

  private static final Logger log = LoggerFactory.getLogger(SignInLog.class);

  private static final int MAX_NAME = 100;

  /** Why a sign-in failed, as the log line ends. */
  enum Reason {
    BAD_PASSWORD("bad password"),
    UNKNOWN_USER("unknown user"),
    THROTTLED("throttled");

    private final String text;

    Reason(String text) {
      this.text = text;
    }
  }

  private SignInLog() {}

  static void succeeded(String username, String source) {
    log.info("signed in: user \"{}\" from {}", escape(username), escape(source));
  }

  static void failed(String username, String source, Reason reason, String detail) {
    log.warn(
        "sign-in failed: user \"{}\" from {}: {}{}",
        escape(username),
        escape(source),
        reason.text,
        detail == null ? "" : " (" + detail + ")");
  }

  /** The text cut to 100 characters and escaped for one log line. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_NAME) + 8);
    int end = Math.min(text.length(), MAX_NAME);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          int type = Character.getType(c);
          if (Character.isISOControl(c)
              || type == Character.FORMAT
              || type == Character.LINE_SEPARATOR
              || type == Character.PARAGRAPH_SEPARATOR
              || type == Character.SURROGATE) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (text.length() > MAX_NAME) {
      out.append('…');
    }
    return out.toString();
  }
}
