/**
 * The audit trail: who changed what, when, from where and through which channel, with the state
 * before and after. Written in the same transaction as the change it records.
 */
package dev.palisade.audit;
