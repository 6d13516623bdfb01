/** Application wiring, configuration and error handling shared by the features. */
package dev.palisade.system;
