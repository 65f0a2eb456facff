"""RBAC through the official Kubernetes Python client (Debian python3-kubernetes), the client
openshift-python-wrapper and the Python suite build on: TokenRequest for a new ServiceAccount,
403 on list before a Role+RoleBinding, allowed after, still 403 on create, and
SelfSubjectAccessReview agreeing at each step. Prints one "ok <step>" line per step; exits 1 with
the failing step on stderr. The kubeconfig path and namespace come from the environment."""
import json
import os
import sys

from kubernetes import client, config
from kubernetes.client.rest import ApiException

NS = os.environ["RBAC_NAMESPACE"]
SA = "py-reader"
USER = f"system:serviceaccount:{NS}:{SA}"


def step(name, ok, detail=""):
    if not ok:
        sys.stderr.write(f"FAILED {name}: {detail}\n")
        sys.exit(1)
    print(f"ok {name}", flush=True)


def as_token(admin_conf, token):
    conf = client.Configuration()
    conf.host = admin_conf.host
    conf.ssl_ca_cert = admin_conf.ssl_ca_cert
    conf.verify_ssl = True
    conf.api_key = {"authorization": f"Bearer {token}"}
    return client.ApiClient(conf)


def forbidden(call):
    try:
        call()
    except ApiException as e:
        return e.status, json.loads(e.body).get("message", "")
    return 200, ""


def can_i(api, verb, resource):
    review = client.V1SelfSubjectAccessReview(
        spec=client.V1SelfSubjectAccessReviewSpec(
            resource_attributes=client.V1ResourceAttributes(namespace=NS, verb=verb, group="", resource=resource)
        )
    )
    return client.AuthorizationV1Api(api).create_self_subject_access_review(review).status.allowed


def main():
    admin = client.ApiClient(config.load_kube_config(config_file=os.environ["KUBECONFIG_PATH"]) or None)
    admin_conf = client.Configuration.get_default_copy()
    core = client.CoreV1Api(admin)
    rbac = client.RbacAuthorizationV1Api(admin)
    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=NS)))
    core.create_namespaced_service_account(NS, client.V1ServiceAccount(metadata=client.V1ObjectMeta(name=SA)))
    tr = core.create_namespaced_service_account_token(SA, NS, client.AuthenticationV1TokenRequest(spec=client.V1TokenRequestSpec(audiences=[])))
    token = tr.status.token
    step("TokenRequest", bool(token) and tr.status.expiration_timestamp is not None, repr(tr.status))

    sa_api = as_token(admin_conf, token)
    sa_core = client.CoreV1Api(sa_api)
    status, body = forbidden(lambda: sa_core.list_namespaced_config_map(NS))
    want = f'configmaps is forbidden: User "{USER}" cannot list resource "configmaps" in API group "" in the namespace "{NS}"'
    step("list forbidden", status == 403 and body == want, f"{status} {body}")
    step("can-i list: no", can_i(sa_api, "list", "configmaps") is False)

    rbac.create_namespaced_role(NS, client.V1Role(
        metadata=client.V1ObjectMeta(name="py-cm-reader"),
        rules=[client.V1PolicyRule(api_groups=[""], resources=["configmaps"], verbs=["get", "list", "watch"])],
    ))
    rbac.create_namespaced_role_binding(NS, client.V1RoleBinding(
        metadata=client.V1ObjectMeta(name="py-cm-reader"),
        role_ref=client.V1RoleRef(api_group="rbac.authorization.k8s.io", kind="Role", name="py-cm-reader"),
        subjects=[client.V1Subject(kind="ServiceAccount", name=SA, namespace=NS)],
    ))
    items = sa_core.list_namespaced_config_map(NS).items
    step("list allowed", isinstance(items, list))
    step("can-i list: yes", can_i(sa_api, "list", "configmaps") is True)

    cm = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="py-nope"), data={"a": "b"})
    status, body = forbidden(lambda: sa_core.create_namespaced_config_map(NS, cm))
    want = f'configmaps is forbidden: User "{USER}" cannot create resource "configmaps" in API group "" in the namespace "{NS}"'
    step("create forbidden", status == 403 and body == want, f"{status} {body}")
    step("can-i create: no", can_i(sa_api, "create", "configmaps") is False)


if __name__ == "__main__":
    main()
