/** Reading and writing block and allow lists in rbldnsd's data file formats. */
package dev.palisade.zonefile;
