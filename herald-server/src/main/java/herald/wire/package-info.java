/**
 * How values are spelled on the wire: closed sets (one convention, the lower-case constant name, and
 * one lookup for every enum that leaves the process) and times, so no feature writes its own.
 */
package herald.wire;
