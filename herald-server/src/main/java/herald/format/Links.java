package herald.format;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links from a chat message to the dashboard page about what happened: the experiment, the
 * webhook, or else the delivery itself (which shows the event).
 *
 * @param dashboardUrl Herald's public base URL, without a trailing slash ({@code HERALD_PUBLIC_URL})
 */
record Links(String dashboardUrl) {

    Links {
        dashboardUrl = dashboardUrl.endsWith("/") ? dashboardUrl.substring(0, dashboardUrl.length() - 1) : dashboardUrl;
    }

    String experiment(String id) {
        return page("experiments", id);
    }

    String webhook(String id) {
        return page("webhooks", id);
    }

    String delivery(String id) {
        return page("deliveries", id);
    }

    /** Event data comes from the publisher: its ids are encoded so they stay one path segment. */
    private String page(String section, String id) {
        return dashboardUrl + "/dashboard/" + section + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
