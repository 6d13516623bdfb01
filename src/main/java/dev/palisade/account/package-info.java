/**
 * Accounts and their mail servers, the people who sign in to the web UI and their roles in
 * accounts, and the API tokens that act for them; users and tokens become the {@link
 * dev.palisade.account.Caller} whose rights every service checks. Each account and each server is a
 * scope with its own DNS zone label, unique in the installation.
 */
package dev.palisade.account;
