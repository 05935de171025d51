package io.gatewatch.zuul;

import com.netflix.appinfo.InstanceInfo;
import com.netflix.client.config.CommonClientConfigKey;
import com.netflix.client.config.IClientConfig;
import com.netflix.loadbalancer.AbstractServerList;
import com.netflix.niws.loadbalancer.DiscoveryEnabledServer;
import java.util.ArrayList;
import java.util.List;

/**
 * The origin's servers from its {@code <vip>.ribbon.listOfServers} property, in the shape Zuul 2.6
 * takes them (it casts every server to Eureka's {@link DiscoveryEnabledServer}, so Ribbon's own
 * {@code ConfigurationBasedServerList} fails with a ClassCastException): what a Zuul server without
 * Eureka configures for a fixed origin.
 */
public final class LoopbackServerList extends AbstractServerList<DiscoveryEnabledServer> {
    private final List<DiscoveryEnabledServer> servers = new ArrayList<>();

    @Override
    public void initWithNiwsConfig(IClientConfig config) {
        String list = config.get(CommonClientConfigKey.ListOfServers);
        for (String hostAndPort : list.split(",")) {
            String[] parts = hostAndPort.trim().split(":");
            InstanceInfo instance = InstanceInfo.Builder.newBuilder()
                    .setAppName(config.getClientName())
                    .setVIPAddress(config.getClientName())
                    .setHostName(parts[0])
                    .setIPAddr(parts[0])
                    .setPort(Integer.parseInt(parts[1]))
                    .setStatus(InstanceInfo.InstanceStatus.UP)
                    .build();
            servers.add(new DiscoveryEnabledServer(instance, false));
        }
    }

    @Override
    public List<DiscoveryEnabledServer> getInitialListOfServers() {
        return servers;
    }

    @Override
    public List<DiscoveryEnabledServer> getUpdatedListOfServers() {
        return servers;
    }
}
