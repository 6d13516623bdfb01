/**
 * Accounts and their mail servers, and the API tokens that act for them. Each account and each
 * server is a scope with its own DNS zone label, unique in the installation.
 */
package dev.palisade.account;
