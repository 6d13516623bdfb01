/**
 * DNS traffic statistics: queries and listed answers per zone, counted in memory on the DNS path
 * without locks or allocation, written to the database in batches and read back for the dashboard.
 */
package dev.palisade.stats;
