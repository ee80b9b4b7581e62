package herald.account;

import herald.problem.Invalid;
import herald.wire.WireName;

/** An account's plan. Webhooks are gated to growth and above. */
public enum Plan implements WireName {
    FREE, GROWTH, ENTERPRISE;

    public boolean allowsWebhooks() {
        return this != FREE;
    }

    /** The plan of this wire name, or a 422 {@code invalid_plan}. */
    public static Plan parse(String value) {
        return WireName.find(Plan.class, value).orElseThrow(() -> new Invalid("invalid_plan",
                "plan must be one of " + WireName.all(Plan.class), "plan"));
    }
}
