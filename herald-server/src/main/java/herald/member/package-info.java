/**
 * Members of the platform: people, by their user id, given the viewer or editor role on the whole
 * account or on one of its projects. Every change of someone's access emits an {@code access.*}
 * event in the same transaction; a request that changes nothing (the same role again) emits none,
 * so receivers can treat each event as a real change of access.
 */
package herald.member;
