/**
 * The lookup tool: what DNS answers for one address or domain in one scope, and why — the winning
 * entry and the entries it beat.
 */
package dev.palisade.lookup;
