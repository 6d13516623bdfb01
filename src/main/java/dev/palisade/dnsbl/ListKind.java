package dev.palisade.dnsbl;

/** Whether an entry blocks or allows what it matches. */
public enum ListKind {
  BLOCK,
  ALLOW
}
