package herald.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import herald.account.Account;
import herald.account.AccountId;
import herald.db.Database;
import herald.db.Tx;
import herald.id.Ids;
import herald.page.PageRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Records actions in the caller's transaction and reads an account's log back. */
public final class AuditLog {

    private final Database db;
    private final AuditStore store;
    private final ObjectMapper mapper;
    private final Clock clock;

    public AuditLog(Database db, AuditStore store, ObjectMapper mapper, Clock clock) {
        this.db = db;
        this.store = store;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Records an action in {@code tx}: it commits with the change it describes, or not at all.
     *
     * @param details what changed, never a secret's value
     */
    public void record(Tx tx, AccountId accountId, String actor, String action, String target, Map<String, ?> details) {
        try {
            long now = clock.millis();
            store.insert(tx, new AuditEntry(Ids.next("aud", now), accountId, actor, action, target, now,
                    mapper.writeValueAsString(details)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit details are plain values and always serialise", e);
        }
    }

    /** A page of the account's audit log, newest first. */
    public List<AuditEntry> list(Account account, PageRequest page) {
        return db.read(tx -> store.list(tx, account.id(), page));
    }

    /** A page of the account's audit log entries of one action, newest first. */
    public List<AuditEntry> list(Account account, String action, PageRequest page) {
        return db.read(tx -> store.list(tx, account.id(), action, page));
    }
}
