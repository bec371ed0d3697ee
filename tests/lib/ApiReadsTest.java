package ovntrace.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovntrace.lib.cluster.AddressFamily;
import ovntrace.lib.cluster.ClusterApi;
import ovntrace.lib.cluster.Discovery;
import ovntrace.lib.cluster.EngineOptions;
import ovntrace.lib.cluster.FabricClusterApi;
import ovntrace.lib.cluster.PodRef;
import ovntrace.lib.cluster.Protocol;
import ovntrace.lib.trace.TraceEngine;
import ovntrace.lib.trace.TraceRequest;
import ovntrace.lib.trace.TraceRequest.Target;

/**
 * What a trace reads from the Kubernetes API before its execs: every read is a round trip to the API server (and on
 * a big cluster a list the server has to build), all of them before the first command runs on a node.
 */
@EnableKubernetesMockClient(crud = true)
class ApiReadsTest {

    static KubernetesClient client;

    static {
        MockCluster.QUIET.getName();
    }

    private final List<String> reads = Collections.synchronizedList(new ArrayList<>());
    private ClusterApi api;

    @BeforeEach
    void cluster() {
        MockCluster.seed(client, true);
        ClusterApi real = new FabricClusterApi(client);
        api = (ClusterApi) Proxy.newProxyInstance(ClusterApi.class.getClassLoader(), new Class<?>[] {ClusterApi.class},
                (proxy, method, args) -> {
                    reads.add(method.getName() + (args == null ? "" : " " + args[0]));
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private long lists() {
        return reads.stream().filter(r -> r.startsWith("podsWithLabel")).count();
    }

    @Test
    void one_list_of_the_ovnkube_node_pods_finds_their_namespace_and_the_pod_on_every_node() {
        Discovery discovery = new Discovery(api, "");
        assertEquals("ovn-kubernetes", discovery.ovnNamespace());
        assertEquals("ovnkube-node-1", discovery.execTarget("ovn-worker").pod());
        assertEquals("ovnkube-node-2", discovery.execTarget("ovn-worker2").pod());
        assertEquals(List.of("podsWithLabel null"), reads);
    }

    @Test
    void with_the_namespace_given_the_list_is_of_that_namespace_once() {
        Discovery discovery = new Discovery(api, "ovn-kubernetes");
        assertEquals("ovnkube-node-1", discovery.execTarget("ovn-worker").pod());
        assertEquals("ovnkube-node-2", discovery.execTarget("ovn-worker2").pod());
        assertEquals(List.of("podsWithLabel ovn-kubernetes"), reads);
    }

    @Test
    void a_cross_node_trace_reads_the_two_pods_their_nodes_and_one_list_of_ovnkube_node_pods() {
        TraceRequest req = new TraceRequest(new PodRef("default", "fedora-deployment-7d49fddf69-chmvh"),
                new Target.Pod(new PodRef("default", "fedora-deployment-7d49fddf69-t4hqw")), Protocol.UDP, 53,
                AddressFamily.IP4, false, false);
        new TraceEngine(api, new ScriptedPodExec(new FakeNodes(true)), EngineOptions.defaults()).run(req);
        assertEquals(1, lists(), reads.toString());
        assertEquals(List.of("pod default", "pod default"), reads.stream().filter(r -> r.startsWith("pod ")).toList());
        assertEquals(List.of("node ovn-worker2", "node ovn-worker"), reads.stream().filter(r -> r.startsWith("node ")).toList());
    }
}
