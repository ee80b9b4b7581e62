/**
 * How closed sets are spelled on the wire: one convention (the lower-case constant name) and one
 * lookup for every enum that leaves the process, so no feature writes its own.
 */
package herald.wire;
