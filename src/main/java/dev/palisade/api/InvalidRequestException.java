package dev.palisade.api;

import java.util.List;

/**
 * A request whose fields cannot be accepted; nothing of it was stored. {@link ApiErrors} answers
 * 400 with the message as {@code detail} and the fields in {@code errors}. For checks bean
 * validation cannot express: fields that depend on each other, entry syntax, bulk lines.
 */
class InvalidRequestException extends RuntimeException {

  private final transient List<InvalidField> errors;

  InvalidRequestException(String detail, List<InvalidField> errors) {
    super(detail);
    this.errors = List.copyOf(errors);
  }

  /** One bad field; the message is the problem's detail too. */
  static InvalidRequestException field(String field, String message) {
    return new InvalidRequestException(message, List.of(new InvalidField(field, message)));
  }

  List<InvalidField> errors() {
    return errors;
  }
}
