package dev.palisade.account;

/** {@link ScopeSerialsContract} on the embedded H2 database. */
class ScopeSerialsIT extends ScopeSerialsContract {}
