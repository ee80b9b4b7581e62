package herald.http;

import io.javalin.config.RoutesConfig;

/** One feature's HTTP routes: they translate HTTP to and from the feature's service, nothing more. */
public interface Routes {
    void register(RoutesConfig routes);
}
