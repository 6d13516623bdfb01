package dev.palisade.dns;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
    int dollar = template.indexOf('$');
    if (dollar < 0) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + subject.length());
    out.append(template, 0, dollar);
    for (int i = dollar; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c != '$') {
        out.append(c);
      } else if (i + 1 < template.length() && template.charAt(i + 1) == '$') {
        out.append('$');
        i++;
      } else {
        out.append(subject);
      }
    }
    return out.toString();
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
