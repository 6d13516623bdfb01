package dev.palisade.api;

/**
 * One field of a request that cannot be accepted, as listed in a problem's {@code errors}.
 *
 * @param field the field's path in the request, e.g. {@code name} or {@code entries[2].value}
 * @param message what is wrong with it
 */
record InvalidField(String field, String message) {}
