package dev.palisade.system;

/** A request body is larger than Palisade accepts. Maps to 413. */
public class PayloadTooLargeException extends RuntimeException {

  public PayloadTooLargeException(String message) {
    super(message);
  }
}
