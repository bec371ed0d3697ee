package ovntrace.project;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ovntrace.kubesim.ApiRequest;
import ovntrace.support.RbacRules;
import ovntrace.support.Repo;

/** The repository's {@code rbac.yaml} through the test authorizer: what it grants, and what it must not. */
class RbacManifestTest {

    private static final RbacRules RBAC = RbacRules.load(Repo.root().resolve("rbac.yaml"));

    @ParameterizedTest
    @ValueSource(strings = {
        "get pods default web-0 -", "list pods - - -", "list pods ovn-kubernetes - -", "get nodes - ovn-worker -",
        "list nodes - - -", "get services kube-system kube-dns -", "list endpointslices.discovery.k8s.io shop - -",
        "create pods ovn-kubernetes ovnkube-node-x exec", "get pods ovn-kubernetes ovnkube-node-x exec",
        "get namespaces - shop -", "get networkpolicies.networking.k8s.io shop api-ingress -",
        "list networkpolicies.networking.k8s.io shop - -",
        "get adminnetworkpolicies.policy.networking.k8s.io - deny-dev-to-db -",
        "get baselineadminnetworkpolicies.policy.networking.k8s.io - default -",
        "get egressfirewalls.k8s.ovn.org shop default -",
    })
    void grants_what_a_trace_needs(String line) {
        assertTrue(RBAC.allows(ApiRequest.parse(line)), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "delete pods default web-0 -", "create pods default - -", "patch nodes - ovn-worker -",
        "update services default web -", "deletecollection pods ovn-kubernetes - -",
        "create pods default web-0 exec", "create pods kube-system etcd-0 exec", "get pods default web-0 exec",
        "create pods openshift-ovn-kubernetes ovnkube-node-x exec", "get pods default web-0 log",
        "get secrets default token -", "update networkpolicies.networking.k8s.io shop api-ingress -",
        "delete adminnetworkpolicies.policy.networking.k8s.io - deny-dev-to-db -",
        "list endpointslices default - -", "watch pods - - -", "watch pods ovn-kubernetes ovnkube-node-x -",
        "get /version - - -",
    })
    void refuses_writes_exec_outside_ovn_kubernetes_and_anything_else(String line) {
        assertFalse(RBAC.allows(ApiRequest.parse(line)), line + " is allowed by " + RBAC.allowing(ApiRequest.parse(line)));
    }
}
