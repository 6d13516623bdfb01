package dev.palisade.common;

/** A change collides with what exists, such as a name already taken. Maps to 409. */
public class ConflictException extends RuntimeException {

  public ConflictException(String message) {
    super(message);
  }
}
