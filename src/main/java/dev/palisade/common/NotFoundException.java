package dev.palisade.common;

/** Something the caller named does not exist (or is not theirs to see). Maps to 404. */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message);
  }
}
