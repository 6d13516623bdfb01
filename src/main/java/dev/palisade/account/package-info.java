/**
 * Accounts and their mail servers. Each account and each server is a scope with its own DNS zone
 * label, unique in the installation.
 */
package dev.palisade.account;
