package herald.account;

import herald.problem.Invalid;
import java.util.Locale;

/** An account's plan. Webhooks are gated to growth and above. */
public enum Plan {
    FREE, GROWTH, ENTERPRISE;

    public boolean allowsWebhooks() {
        return this != FREE;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Plan parse(String value) {
        for (Plan plan : values()) {
            if (plan.wireName().equals(value)) {
                return plan;
            }
        }
        throw new Invalid("invalid_plan", "plan must be one of free, growth, enterprise", "plan");
    }
}
