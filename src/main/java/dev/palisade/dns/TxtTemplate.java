package dev.palisade.dns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The TXT answer of a listed name: a reason template with {@code $} replaced by the queried address
 * or the matched domain name (the rbldnsd convention), encoded as TXT RDATA. Stateless and
 * thread-safe.
 */
final class TxtTemplate {

  /** Longest character-string in a TXT record (RFC 1035 §3.3: one length octet). */
  static final int MAX_STRING = 255;

  /**
   * Cap on the encoded text, so that a TXT RRset always fits a 65535-byte TCP message with room for
   * the header, question and owner name. Longer reasons are cut, not refused.
   */
  static final int MAX_TEXT = 60_000;

  private TxtTemplate() {}

  /**
   * The template with every {@code $} replaced by {@code subject}, and {@code $$} by a literal
   * {@code $}, as rbldnsd renders its TXT templates.
   */
  static String render(String template, String subject) {
    return template.indexOf('$') < 0 ? template : String.join(subject, parts(template));
  }

  /**
   * The template cut where the subject goes, {@code $$} read as a literal {@code $}: {@code "a $
   * b"} is {@code ["a ", " b"]}, {@code "costs $$5"} is {@code ["costs $5"]}. {@link #render} joins
   * the parts with the subject; the fast path keeps them, encoded, per template.
   */
  static String[] parts(String template) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder(template.length());
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c != '$') {
        part.append(c);
      } else if (i + 1 < template.length() && template.charAt(i + 1) == '$') {
        part.append('$');
        i++;
      } else {
        parts.add(part.toString());
        part.setLength(0);
      }
    }
    parts.add(part.toString());
    return parts.toArray(new String[0]);
  }

  /**
   * TXT RDATA carrying the text as UTF-8: one character-string when it fits in 255 bytes, else
   * several consecutive ones, which clients join (RFC 7208 §3.3 relies on the same rule). Strings
   * are cut between characters, never inside a UTF-8 sequence.
   */
  static byte[] rdata(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, MAX_TEXT);
    while (length > 0 && length < bytes.length && isContinuation(bytes[length])) {
      length--;
    }
    // A string backs off at most three bytes to a character boundary, so holds 252 or more.
    byte[] out = new byte[length + length / (MAX_STRING - 3) + 2];
    int in = 0;
    int pos = 0;
    do {
      int chunk = Math.min(MAX_STRING, length - in);
      while (chunk > 0 && in + chunk < length && isContinuation(bytes[in + chunk])) {
        chunk--;
      }
      out[pos++] = (byte) chunk;
      System.arraycopy(bytes, in, out, pos, chunk);
      pos += chunk;
      in += chunk;
    } while (in < length);
    return pos == out.length ? out : Arrays.copyOf(out, pos);
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xc0) == 0x80;
  }
}
