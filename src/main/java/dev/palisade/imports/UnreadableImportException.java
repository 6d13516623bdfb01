package dev.palisade.imports;

/**
 * An input of an import cannot be read at all, because it starts as gzip but cannot be inflated
 * (not gzip after all, corrupt, or cut off). A client error, not a server failure: the REST API and
 * the web UI answer 400 with the message, which names the input and what is wrong. Nothing of the
 * import was stored.
 */
public class UnreadableImportException extends IllegalArgumentException {

  UnreadableImportException(String input, String problem, Throwable cause) {
    super(input + ": " + problem + "; nothing was imported", cause);
  }
}
