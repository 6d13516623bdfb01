package dev.palisade.dnsbl;

/**
 * Thrown when text cannot be read as an entry value or return code; the message names the input.
 */
public class InvalidEntryException extends IllegalArgumentException {

  public InvalidEntryException(String message) {
    super(message);
  }
}
