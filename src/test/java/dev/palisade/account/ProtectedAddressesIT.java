package dev.palisade.account;

/** {@link ProtectedAddressesContract} on the embedded H2 database. */
class ProtectedAddressesIT extends ProtectedAddressesContract {}
