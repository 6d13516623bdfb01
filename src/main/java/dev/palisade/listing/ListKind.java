package dev.palisade.listing;

/** Whether an entry blocks or allows what it matches. */
public enum ListKind {
  BLOCK,
  ALLOW
}
