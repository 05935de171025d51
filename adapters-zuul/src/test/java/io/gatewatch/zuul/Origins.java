package io.gatewatch.zuul;

import org.apache.commons.configuration.AbstractConfiguration;

/** The Archaius properties that give a VIP its servers, as a Zuul server without Eureka sets them. */
final class Origins {
    private Origins() {
    }

    static void origin(AbstractConfiguration archaius, String vip, int port) {
        archaius.setProperty(vip + ".ribbon.NIWSServerListClassName", LoopbackServerList.class.getName());
        archaius.setProperty(vip + ".ribbon.listOfServers", "127.0.0.1:" + port);
        archaius.setProperty(vip + ".ribbon.ConnectTimeout", "2000");
        archaius.setProperty(vip + ".ribbon.ReadTimeout", "10000");
        archaius.setProperty(vip + ".ribbon.MaxAutoRetries", "0");
        archaius.setProperty(vip + ".ribbon.MaxAutoRetriesNextServer", "0");
    }
}
