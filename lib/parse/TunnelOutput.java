package ovntrace.parse;

/**
 * A packet leaving through a Geneve tunnel, read from the datapath actions: the tunnel key (the logical datapath's
 * key in OVN), the remote endpoint IP, the Geneve option carrying the logical ports ({@code 0x...}, empty if none),
 * and {@code style}: {@code kernel} for {@code set(tunnel(...))}, {@code native} for {@code tnl_push(...)}.
 */
public record TunnelOutput(String tunnelKey, String remoteIp, String geneveOption, String style) {}
