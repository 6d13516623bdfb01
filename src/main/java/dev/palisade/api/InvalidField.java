package dev.palisade.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.palisade.common.Excerpts;

/**
 * One field of a request that cannot be accepted, as listed in a problem's {@code errors}.
 *
 * @param line in a bulk request, the 1-based position of the entry the field belongs to; absent
 *     otherwise
 * @param field the field's name or path in the request, e.g. {@code value} or {@code
 *     entries[2].value}
 * @param message what is wrong with it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record InvalidField(Integer line, String field, String message) {

  /** Both texts may quote the request (an unknown field's name, a bad value): keep excerpts. */
  InvalidField {
    field = Excerpts.cut(field);
    message = Excerpts.cut(message);
  }

  InvalidField(String field, String message) {
    this(null, field, message);
  }
}
