package ovntrace.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ovntrace.kubesim.ApiRequest;

/** How the emulated API server names requests in its log: as the real one's authorizer does (RequestInfo). */
class ApiRequestTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "GET    | /api/v1/namespaces/default/pods/web-0                        | get pods default web-0 -",
        "GET    | /api/v1/namespaces/default/pods?labelSelector=app%3Dweb       | list pods default - -",
        "GET    | /api/v1/pods?labelSelector=app%3Dovnkube-node                 | list pods - - -",
        "GET    | /api/v1/namespaces/default/pods?watch=true                    | watch pods default - -",
        "GET    | /api/v1/watch/namespaces/default/pods                         | watch pods default - -",
        "GET    | /api/v1/nodes/ovn-worker                                      | get nodes - ovn-worker -",
        "GET    | /api/v1/nodes                                                 | list nodes - - -",
        "GET    | /api/v1/namespaces/default                                    | get namespaces - default -",
        "GET    | /api/v1/namespaces                                            | list namespaces - - -",
        "GET    | /apis/discovery.k8s.io/v1/namespaces/kube-system/endpointslices?labelSelector=x | list endpointslices.discovery.k8s.io kube-system - -",
        "GET    | /apis/networking.k8s.io/v1/networkpolicies                    | list networkpolicies.networking.k8s.io - - -",
        "GET    | /api/v1/namespaces/ovn-kubernetes/pods/ovnkube-node-x/exec?command=bash&stdout=true | create pods ovn-kubernetes ovnkube-node-x exec",
        "POST   | /api/v1/namespaces/ovn-kubernetes/pods/ovnkube-node-x/exec?command=ls | create pods ovn-kubernetes ovnkube-node-x exec",
        "GET    | /api/v1/namespaces/default/pods/web-0/log                     | get pods default web-0 log",
        "POST   | /api/v1/namespaces/default/pods                               | create pods default - -",
        "PUT    | /api/v1/namespaces/default/pods/web-0                         | update pods default web-0 -",
        "PATCH  | /api/v1/namespaces/default/pods/web-0/status                  | patch pods default web-0 status",
        "DELETE | /api/v1/namespaces/default/pods/web-0                         | delete pods default web-0 -",
        "DELETE | /api/v1/namespaces/default/pods                               | deletecollection pods default - -",
        "GET    | /version                                                      | get /version - - -",
        "GET    | /api                                                          | get /api - - -",
        "GET    | /api/v1                                                       | get /api/v1 - - -",
        "GET    | /apis/discovery.k8s.io/v1                                     | get /apis/discovery.k8s.io/v1 - - -",
        "GET    | /openapi/v3                                                   | get /openapi/v3 - - -",
    })
    void classifies_like_the_api_servers_authorizer(String method, String uri, String line) {
        ApiRequest r = ApiRequest.of(method, uri);
        assertEquals(line, r.line());
        assertEquals(r, ApiRequest.parse(r.line()), "a logged line reads back as the same request");
    }

    @ParameterizedTest
    @CsvSource({"GET,false", "POST,true", "DELETE,true", "PATCH,true", "PUT,true"})
    void only_reads_do_not_mutate(String method, boolean mutates) {
        assertEquals(mutates, ApiRequest.of(method, "/api/v1/namespaces/default/pods/a").verb().mutates());
    }

    @Test
    void parts_for_rbac_rules() {
        ApiRequest slices = ApiRequest.parse("list endpointslices.discovery.k8s.io kube-system - -");
        assertEquals("discovery.k8s.io", slices.apiGroup());
        assertEquals("endpointslices", slices.rbacResource());
        ApiRequest exec = ApiRequest.parse("create pods ovn-kubernetes ovnkube-node-x exec");
        assertEquals("", exec.apiGroup());
        assertEquals("pods/exec", exec.rbacResource());
        assertEquals("create pods/exec ovnkube-node-x in ovn-kubernetes", exec.toString());
        assertTrue(ApiRequest.parse("get /version - - -").nonResource());
        assertFalse(exec.nonResource());
    }

    @Test
    void refuses_lines_of_another_shape() {
        assertThrows(IllegalArgumentException.class, () -> ApiRequest.parse("get pods default"));
        assertThrows(IllegalArgumentException.class, () -> ApiRequest.parse("fetch pods default a -"));
    }
}
