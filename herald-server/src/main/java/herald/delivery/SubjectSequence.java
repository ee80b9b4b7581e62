package herald.delivery;

/**
 * Where a delivery of an ordered webhook stands among the deliveries about its subject: the
 * subject (the value of the event type's subject field, e.g. an experiment id) and its sequence
 * number, per webhook and subject, one more with each event. The envelope carries both, so a
 * receiver can apply changes in order and see a gap.
 */
public record SubjectSequence(String subject, long sequence) {}
