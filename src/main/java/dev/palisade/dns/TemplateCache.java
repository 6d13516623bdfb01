package dev.palisade.dns;

import java.nio.charset.StandardCharsets;

/**
 * Reason templates as UTF-8 pieces to join with the subject ({@link TxtTemplate#parts}), kept per
 * template so the common TXT answer encodes nothing. Keyed by identity, which costs no hashing of
 * the text: the index interns its reasons and the defaults are one string each. The identity hash
 * picks a set of {@value #WAYS} slots, so templates whose hashes meet there (chance decides which,
 * anew in each run) do not push each other out; a template seen anew takes the first slot of its
 * set and pushes out the set's oldest.
 *
 * <p>Reused by one thread: not thread-safe. Allocation-free once a template is cached.
 */
final class TemplateCache {

  private static final int SETS = 64;
  private static final int WAYS = 4;

  private final String[] keys = new String[SETS * WAYS];
  private final byte[][][] values = new byte[SETS * WAYS][][];

  /** The template's pieces: {@code "a $ b"} is {@code ["a ", " b"]}; never modify. */
  byte[][] parts(String template) {
    int first = (System.identityHashCode(template) & (SETS - 1)) * WAYS;
    for (int slot = first; slot < first + WAYS; slot++) {
      if (keys[slot] == template) {
        return values[slot];
      }
    }
    return add(first, template);
  }

  private byte[][] add(int first, String template) {
    String[] texts = TxtTemplate.parts(template);
    byte[][] parts = new byte[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      parts[i] = texts[i].getBytes(StandardCharsets.UTF_8);
    }
    System.arraycopy(keys, first, keys, first + 1, WAYS - 1);
    System.arraycopy(values, first, values, first + 1, WAYS - 1);
    keys[first] = template;
    values[first] = parts;
    return parts;
  }
}
