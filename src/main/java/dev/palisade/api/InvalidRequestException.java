package dev.palisade.api;

import java.util.List;

/**
 * A request whose fields cannot be accepted; {@link ApiErrors} answers 400 listing them in {@code
 * errors}. For checks bean validation cannot express, such as fields that depend on each other.
 */
class InvalidRequestException extends RuntimeException {

  private final List<InvalidField> errors;

  InvalidRequestException(List<InvalidField> errors) {
    super(errors.isEmpty() ? "invalid request" : errors.get(0).message());
    this.errors = List.copyOf(errors);
  }

  static InvalidRequestException field(String field, String message) {
    return new InvalidRequestException(List.of(new InvalidField(field, message)));
  }

  List<InvalidField> errors() {
    return errors;
  }
}
