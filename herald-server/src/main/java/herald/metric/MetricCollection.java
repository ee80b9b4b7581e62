package herald.metric;

import herald.account.AccountId;
import java.util.List;

/** A named set of metrics, added to or removed from an experiment together. */
public record MetricCollection(MetricCollectionId id, AccountId accountId, String key, String name, List<String> metrics,
                               long createdAt) {}
