package dev.palisade.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configurations of deploy/secondaries.md, as the tests run them: each block marked {@code <!--
 * checked by SecondariesIT: name -->}, with the guide's example addresses, ports and paths
 * replaced. Every replacement must find its text, so the guide cannot drift from what is tested.
 */
final class Guide {

  static final Path FILE = Path.of("deploy", "secondaries.md");

  private String text;

  private Guide(String text) {
    this.text = text;
  }

  /** The block of this name. */
  static Guide block(String name) {
    String guide;
    try {
      guide = Files.readString(FILE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher m =
        Pattern.compile(
                "<!-- checked by SecondariesIT: " + name + " -->\\n```[a-z]*\\n(.*?)```",
                Pattern.DOTALL)
            .matcher(guide);
    if (!m.find()) {
      throw new IllegalStateException(FILE + " has no block '" + name + "'");
    }
    return new Guide(m.group(1));
  }

  /** Replaces every occurrence of {@code from}, which must occur. */
  Guide replace(String from, String to) {
    if (!text.contains(from)) {
      throw new IllegalStateException(FILE + ": the block no longer contains '" + from + "'");
    }
    text = text.replace(from, to);
    return this;
  }

  String text() {
    return text;
  }
}
