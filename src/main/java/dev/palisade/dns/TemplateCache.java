package dev.palisade.dns;

import java.nio.charset.StandardCharsets;

/**
 * Reason templates as UTF-8 pieces to join with the subject ({@link TxtTemplate#parts}), kept per
 * template so the common TXT answer encodes nothing. Keyed by identity, which costs no hashing of
 * the text: the index interns its reasons and the defaults are one string each; a template seen
 * anew only replaces what its slot held.
 *
 * <p>Reused by one thread: not thread-safe. Allocation-free once a template is cached.
 */
final class TemplateCache {

  private static final int SLOTS = 256;

  private final String[] keys = new String[SLOTS];
  private final byte[][][] values = new byte[SLOTS][][];

  /** The template's pieces: {@code "a $ b"} is {@code ["a ", " b"]}; never modify. */
  byte[][] parts(String template) {
    int slot = (System.identityHashCode(template) & 0x7fffffff) % SLOTS;
    if (keys[slot] == template) {
      return values[slot];
    }
    String[] texts = TxtTemplate.parts(template);
    byte[][] parts = new byte[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      parts[i] = texts[i].getBytes(StandardCharsets.UTF_8);
    }
    keys[slot] = template;
    values[slot] = parts;
    return parts;
  }
}
