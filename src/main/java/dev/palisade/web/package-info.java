/**
 * The admin web UI: server-rendered Thymeleaf pages for accounts, mail servers, entries, lookup,
 * audit, API tokens and users. Every page acts as the signed-in user's {@link
 * dev.palisade.account.Caller}, through the same services as the REST API.
 */
package dev.palisade.web;
