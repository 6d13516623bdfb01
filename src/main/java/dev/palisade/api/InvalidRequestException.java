package dev.palisade.api;

import java.util.List;

/** A request with one or more bad fields; nothing of it was stored. Maps to 400. */
class InvalidRequestException extends RuntimeException {

  private final transient List<FieldProblem> problems;

  InvalidRequestException(String message, List<FieldProblem> problems) {
    super(message);
    this.problems = List.copyOf(problems);
  }

  List<FieldProblem> problems() {
    return problems;
  }
}
