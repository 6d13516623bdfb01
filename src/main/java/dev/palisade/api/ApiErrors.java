package dev.palisade.api;

import dev.palisade.common.ConflictException;
import dev.palisade.common.DatabaseStatus;
import dev.palisade.common.Excerpts;
import dev.palisade.common.NotFoundException;
import dev.palisade.imports.ImportLimitException;
import dev.palisade.system.PayloadTooLargeException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Renders every error of a controller as an RFC 9457 problem ({@code application/problem+json}):
 * {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, and for requests
 * with bad fields an {@code errors} list of {@link InvalidField}s.
 *
 * <ul>
 *   <li>{@link NotFoundException} 404 — also for objects of another account, so their existence is
 *       not revealed; {@link ConflictException} 409; {@link AccessDeniedException} 403; a body over
 *       {@code palisade.api.max-body-size} or an import over the {@code palisade.imports.*} limits
 *       413;
 *   <li>{@link IllegalArgumentException} (including {@code listing.InvalidEntryException}) 400 with
 *       the message as detail; {@link InvalidRequestException} and bean validation 400 with field
 *       errors;
 *   <li>unreadable JSON 400: unknown fields, wrong types and nulls name the field, malformed JSON
 *       gives line and column;
 *   <li>every detail and field message quotes at most an excerpt of the rejected value ({@link
 *       Excerpts}), so a megabyte field is not echoed back; client errors (4xx) are not logged with
 *       a stack trace, only unexpected ones (500) are;
 *   <li>the database out of reach 503 with {@code Retry-After}, noted in {@link DatabaseStatus}
 *       (which logs it once), not logged per request;
 *   <li>Spring MVC's own errors (405, 406, 415, 404 for unknown paths, 413 for oversize uploads) as
 *       Spring renders them; anything else 500 without internals, logged.
 * </ul>
 *
 * <p>Applies to every controller. A later HTML UI that wants error pages instead registers its own
 * advice for its package with a higher precedence. Thread-safe.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  private final DatabaseStatus database;

  ApiErrors(DatabaseStatus database) {
    this.database = database;
  }

  @ExceptionHandler(NotFoundException.class)
  ProblemDetail notFound(NotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(ConflictException.class)
  ProblemDetail conflict(ConflictException e) {
    return problem(HttpStatus.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(AccessDeniedException.class)
  ProblemDetail forbidden(AccessDeniedException e) {
    return problem(HttpStatus.FORBIDDEN, e.getMessage());
  }

  @ExceptionHandler(PayloadTooLargeException.class)
  ProblemDetail tooLarge(PayloadTooLargeException e) {
    return problem(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
  }

  @ExceptionHandler(ImportLimitException.class)
  ProblemDetail importTooLarge(ImportLimitException e) {
    return problem(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
  }

  @ExceptionHandler(InvalidRequestException.class)
  ProblemDetail invalidRequest(InvalidRequestException e) {
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setProperty("errors", e.errors());
    return problem;
  }

  /** Also {@code InvalidEntryException}, which says which input it could not read. */
  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badRequest(IllegalArgumentException e) {
    return problem(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (database.explains(e)) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseStatus.RETRY_AFTER_SECONDS))
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(problem(HttpStatus.SERVICE_UNAVAILABLE, DatabaseStatus.UNAVAILABLE));
    }
    log.error("request failed", e);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(
            problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; it has been logged."));
  }

  /**
   * Spring's own problems (type mismatches, missing parameters) quote the rejected value too: cut
   * it like ours.
   */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (body instanceof ProblemDetail problem) {
      problem.setDetail(Excerpts.cut(problem.getDetail()));
    }
    return super.createResponseEntity(body, headers, status, request);
  }

  /** A problem whose detail echoes at most a bounded excerpt of the request ({@link Excerpts}). */
  private static ProblemDetail problem(HttpStatusCode status, String detail) {
    return ProblemDetail.forStatusAndDetail(status, Excerpts.cut(detail));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<InvalidField> fields = new ArrayList<>();
    for (FieldError error : e.getBindingResult().getFieldErrors()) {
      fields.add(new InvalidField(error.getField(), error.getDefaultMessage()));
    }
    e.getBindingResult()
        .getGlobalErrors()
        .forEach(error -> fields.add(new InvalidField("", error.getDefaultMessage())));
    return handleExceptionInternal(e, invalidFields(fields), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<InvalidField> fields = new ArrayList<>();
    e.getParameterValidationResults()
        .forEach(
            result ->
                result
                    .getResolvableErrors()
                    .forEach(
                        error ->
                            fields.add(
                                new InvalidField(
                                    result.getMethodParameter().getParameterName(),
                                    error.getDefaultMessage()))));
    return handleExceptionInternal(e, invalidFields(fields), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return handleExceptionInternal(e, unreadable(e), headers, HttpStatus.BAD_REQUEST, request);
  }

  /**
   * Spring wraps every Jackson failure to read a body (except a broken type definition, a bug of
   * ours) in {@link HttpMessageNotReadableException}; its cause says which field and why.
   */
  private static ProblemDetail unreadable(HttpMessageNotReadableException e) {
    Throwable cause = e.getCause();
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return invalidFields(List.of(new InvalidField(path(unknown), "unknown field")));
    }
    if (cause instanceof InvalidNullException nul) {
      return invalidFields(List.of(new InvalidField(path(nul), "must not be null")));
    }
    if (cause instanceof ValueInstantiationException failed) {
      // A record's constructor refused the values; its message says why.
      String message =
          failed.getCause() != null ? failed.getCause().getMessage() : failed.getOriginalMessage();
      String field = path(failed);
      return field.isEmpty()
          ? problem(HttpStatus.BAD_REQUEST, message)
          : invalidFields(List.of(new InvalidField(field, message)));
    }
    if (cause instanceof MismatchedInputException mismatch) {
      String field = path(mismatch);
      String expected = describe(mismatch.getTargetType());
      if (field.isEmpty()) {
        return problem(HttpStatus.BAD_REQUEST, "The request body must be " + expected + ".");
      }
      return invalidFields(List.of(new InvalidField(field, "must be " + expected)));
    }
    if (cause instanceof StreamReadException malformed) {
      var at = malformed.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      return problem(
          HttpStatus.BAD_REQUEST,
          "The request body is not valid JSON" + where + ": " + malformed.getOriginalMessage());
    }
    if (cause instanceof JacksonException other) {
      return problem(HttpStatus.BAD_REQUEST, other.getOriginalMessage());
    }
    return problem(HttpStatus.BAD_REQUEST, "The request body is missing or unreadable.");
  }

  private static ProblemDetail invalidFields(List<InvalidField> fields) {
    ProblemDetail problem =
        problem(
            HttpStatus.BAD_REQUEST,
            fields.size() == 1
                ? "Field '" + fields.get(0).field() + "' " + fields.get(0).message() + "."
                : fields.size() + " fields are invalid.");
    problem.setProperty("errors", fields);
    return problem;
  }

  /** The failing field as {@code a.b[2].c}; empty for the body itself. */
  private static String path(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference step : e.getPath()) {
      if (step.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(step.getPropertyName());
      } else if (step.getIndex() >= 0) {
        path.append('[').append(step.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class || type == Character.class || type == char.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (type.isEnum()) {
      return "one of " + List.of(type.getEnumConstants());
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
      return "a date-time such as 2030-01-31T12:00:00Z";
    }
    if (type == java.time.Duration.class) {
      return "a duration such as PT1H";
    }
    return "an object";
  }
}
