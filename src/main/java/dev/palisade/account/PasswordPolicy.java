package dev.palisade.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which new passwords Palisade accepts: {@value #MIN_LENGTH} characters to {@value #MAX_BYTES}
 * bytes, and nothing an attacker tries early — a password of the bundled list of the 30,000 most
 * common ones ({@code passwords/common-passwords.txt}, from zxcvbn, MIT), or one of them with
 * digits and punctuation around it ({@code password1234!}); a single character or a short pattern
 * repeated ({@code aaaaaaaaaa}, {@code abcabcabca}); a run of the alphabet or of digits ({@code
 * 1234567890}, {@code zyxwvutsrq}); a walk over a QWERTY or QWERTZ keyboard ({@code qwertyuiop},
 * {@code 1qaz2wsx3edc}); anything holding the user's own name or "palisade". This follows NIST SP
 * 800-63B §5.1.1.2: a minimum length and a list of known-bad passwords, no composition rules.
 *
 * <p>The same rules hold wherever a password is set: a new user, a changed password, the first
 * operator's chosen password. Immutable after construction and thread-safe; the list is read once
 * (about 3 MB in memory).
 */
public final class PasswordPolicy {

  /** Shortest password accepted. */
  public static final int MIN_LENGTH = 10;

  /** Longest password accepted: BCrypt reads only the first 72 bytes. */
  public static final int MAX_BYTES = 72;

  static final String LIST = "/passwords/common-passwords.txt";

  /** What every refusal of a guessable password starts with. */
  static final String GUESSABLE = "this password is too easy to guess: ";

  private static final String[] QWERTY = {
    "1234567890-=", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./"
  };

  /** The shifted digit row, as the digits under it: a walk over {@code !@#$} is one over 1234. */
  private static final String SHIFTED_DIGITS = "!@#$%^&*()_+";

  private final Set<String> common;

  private PasswordPolicy(Set<String> common) {
    this.common = common;
  }

  /** The policy with the bundled list of common passwords. */
  public static PasswordPolicy bundled() {
    try (InputStream in = PasswordPolicy.class.getResourceAsStream(LIST)) {
      if (in == null) {
        throw new IllegalStateException(LIST + " is missing from the application");
      }
      Set<String> words = new HashSet<>(40_000);
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          words.add(line.strip().toLowerCase(Locale.ROOT));
        }
      }
      return new PasswordPolicy(Set.copyOf(words));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Checks a new password of a user; {@link IllegalArgumentException} saying what is wrong, in
   * words for the person choosing it, otherwise.
   *
   * @param username the user's name (any case), or null when it is not known yet
   */
  public void check(String username, String password) {
    if (password == null || password.length() < MIN_LENGTH) {
      throw new IllegalArgumentException("a password needs at least " + MIN_LENGTH + " characters");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new IllegalArgumentException("a password has at most " + MAX_BYTES + " bytes");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    String reason = weakness(username, lower);
    if (reason != null) {
      throw new IllegalArgumentException(
          GUESSABLE + reason + "; a few unrelated words make a long one that is easy to remember");
    }
  }

  /** Why a lower-cased password is guessable, or null. */
  private String weakness(String username, String lower) {
    if (username != null) {
      String name = username.strip().toLowerCase(Locale.ROOT);
      if (name.length() >= 3 && lower.contains(name)) {
        return "it contains your user name";
      }
    }
    if (lower.contains("palisade")) {
      return "it contains the name of this application";
    }
    String core = core(lower);
    if (common.contains(lower) || (core.length() >= 3 && common.contains(core))) {
      return "it is on a list of common passwords";
    }
    for (String candidate :
        core.length() >= 4 ? new String[] {lower, core} : new String[] {lower}) {
      if (distinct(candidate) < 4 || repeated(candidate)) {
        return "it repeats a few characters";
      }
      if (sequence(candidate)) {
        return "it is a run of letters or digits";
      }
      if (keyboardWalk(candidate) || keyboardWalk(swapYz(candidate))) {
        return "it is a walk over the keyboard";
      }
    }
    return null;
  }

  /**
   * The password without the digits and punctuation around it: {@code password} of {@code
   * 1password!!}.
   */
  static String core(String lower) {
    int start = 0;
    int end = lower.length();
    while (start < end && !Character.isLetter(lower.charAt(start))) {
      start++;
    }
    while (end > start && !Character.isLetter(lower.charAt(end - 1))) {
      end--;
    }
    return lower.substring(start, end);
  }

  private static long distinct(String text) {
    return text.chars().distinct().count();
  }

  /** Whether the text is a shorter unit repeated (the last repeat may be cut short). */
  static boolean repeated(String text) {
    for (int period = 1; period <= text.length() / 2; period++) {
      boolean repeats = true;
      for (int i = period; i < text.length() && repeats; i++) {
        repeats = text.charAt(i) == text.charAt(i - period);
      }
      if (repeats) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether every character follows the one before by the same step of one, up or down, through the
   * digits (0 after 9) or through the alphabet.
   */
  static boolean sequence(String text) {
    int step = 0;
    for (int i = 1; i < text.length(); i++) {
      int delta = step(text.charAt(i - 1), text.charAt(i));
      if (delta == 0 || (step != 0 && delta != step)) {
        return false;
      }
      step = delta;
    }
    return true;
  }

  private static int step(char from, char to) {
    if (Character.isDigit(from) && Character.isDigit(to)) {
      int d = Math.floorMod(to - from, 10);
      return d == 1 ? 1 : d == 9 ? -1 : 0;
    }
    if (from >= 'a' && from <= 'z' && to >= 'a' && to <= 'z') {
      int d = to - from;
      return Math.abs(d) == 1 ? d : 0;
    }
    return 0;
  }

  /**
   * Whether the text is at most three runs of neighbouring keys on a QWERTY keyboard (the same key
   * twice counts as neighbours): {@code qwertyuiop} is one run, {@code 1qaz2wsx3edc} three.
   */
  static boolean keyboardWalk(String text) {
    int runs = 1;
    for (int i = 1; i < text.length(); i++) {
      if (!neighbours(text.charAt(i - 1), text.charAt(i))) {
        runs++;
        if (runs > 3) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean neighbours(char a, char b) {
    int[] ka = key(a);
    int[] kb = key(b);
    if (ka == null || kb == null) {
      return false;
    }
    int rows = kb[0] - ka[0];
    int cols = kb[1] - ka[1];
    if (rows == 0) {
      return Math.abs(cols) <= 1;
    }
    // Each row sits half a key to the right of the one above: a key touches the keys above it at
    // its own column and the next, and the keys below it at its own column and the one before.
    if (rows == -1) {
      return cols == 0 || cols == 1;
    }
    if (rows == 1) {
      return cols == 0 || cols == -1;
    }
    return false;
  }

  /** Row and column of a key on a QWERTY keyboard, or null. */
  private static int[] key(char c) {
    int shifted = SHIFTED_DIGITS.indexOf(c);
    if (shifted >= 0) {
      return new int[] {0, shifted};
    }
    for (int row = 0; row < QWERTY.length; row++) {
      int col = QWERTY[row].indexOf(c);
      if (col >= 0) {
        return new int[] {row, col};
      }
    }
    return null;
  }

  /** QWERTZ keyboards swap Y and Z: a walk there is a QWERTY walk with them swapped back. */
  private static String swapYz(String text) {
    return text.replace('y', '\0').replace('z', 'y').replace('\0', 'z');
  }
}
