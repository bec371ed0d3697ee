package ovntrace.lib.cluster;

/** How OVN is deployed: one zone per node (interconnect, current ovn-kubernetes) or one central NB/SB. */
public enum ClusterMode {
    IC, CENTRAL
}
