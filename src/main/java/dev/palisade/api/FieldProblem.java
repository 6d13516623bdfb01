package dev.palisade.api;

/**
 * One thing wrong with a request.
 *
 * @param line for bulk requests, the 1-based position of the entry in the request; null otherwise
 * @param field the JSON field, e.g. {@code value}
 * @param message what is wrong, naming the offending value
 */
record FieldProblem(Integer line, String field, String message) {

  static FieldProblem of(String field, String message) {
    return new FieldProblem(null, field, message);
  }
}
