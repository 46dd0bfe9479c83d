namespace Pipelines.Sandbox.Tests.Kube.Kubectl;

/// <summary>
/// What people do with kubectl on a cluster Pipelines deploys to, as one script: create and apply (client- and
/// server-side), get, describe, diff, events, set image, rollouts of Deployments, StatefulSets and DaemonSets (status,
/// history, undo, restart, pause, resume), scale, label, annotate, the three patch types, edit, explain, auth can-i,
/// wait, a CRD and its custom resource, logs, and deletion with each cascade. Each step has an id for the README's list
/// of the steps that cannot pass on a version, and the exit codes that count as passing.
/// </summary>
internal static class KubectlScript
{
    public sealed record Step(string Id, string[] Arguments, int[] Passing, IReadOnlyDictionary<string, string>? Environment = null);

    public static IReadOnlyList<Step> Steps(string folder)
    {
        string F(string name) => Path.Combine(folder, name);
        var editor = F("editor.sh");
        return
        [
            S("create-namespace", "create", "namespace", "shop"),
            S("create-configmap", "create", "configmap", "web-settings", "--from-literal=greeting=hello", "-n", "shop"),
            S("create-secret", "create", "secret", "generic", "web-secret", "--from-literal=password=s3cret", "-n", "shop"),
            S("create-serviceaccount", "create", "serviceaccount", "web", "-n", "shop"),
            S("apply-client-side", "apply", "-f", F("web.yaml")),
            S("apply-server-side", "apply", "--server-side", "-f", F("db.yaml")),
            S("apply-daemonset", "apply", "-f", F("agent.yaml")),
            S("apply-dry-run-server", "apply", "--dry-run=server", "-f", F("web.yaml")),
            S("apply-dry-run-client", "apply", "--dry-run=client", "-f", F("web.yaml")),
            S("create-dry-run-server", "create", "deployment", "probe", "--image=shop/probe:1", "-n", "shop", "--dry-run=server"),
            S("rollout-status-deployment", "rollout", "status", "deployment/web", "-n", "shop", "--timeout=60s"),
            S("rollout-status-statefulset", "rollout", "status", "statefulset/db", "-n", "shop", "--timeout=60s"),
            S("rollout-status-daemonset", "rollout", "status", "daemonset/agent", "-n", "shop", "--timeout=60s"),
            S("get-deployments", "get", "deployments", "-n", "shop"),
            S("get-pods-wide", "get", "pods", "-n", "shop", "-o", "wide"),
            S("get-all", "get", "all", "-n", "shop"),
            S("get-yaml", "get", "deployment", "web", "-n", "shop", "-o", "yaml"),
            S("get-jsonpath", "get", "deployment", "web", "-n", "shop", "-o", "jsonpath={.spec.template.spec.containers[0].image}"),
            S("get-label-selector", "get", "pods", "-n", "shop", "-l", "app=web"),
            S("get-field-selector", "get", "pods", "-n", "shop", "--field-selector=status.phase=Running"),
            S("get-events", "get", "events", "-n", "shop"),
            S("events", "events", "-n", "shop"),
            S("describe-deployment", "describe", "deployment", "web", "-n", "shop"),
            S("describe-pod", "describe", "pods", "-l", "app=web", "-n", "shop"),
            S("describe-statefulset", "describe", "statefulset", "db", "-n", "shop"),
            S("diff", "diff", "-f", F("web-changed.yaml")) with { Passing = [0, 1] },
            S("set-image-deployment", "set", "image", "deployment/web", "web=shop/web:2", "-n", "shop"),
            S("rollout-status-after-set-image", "rollout", "status", "deployment/web", "-n", "shop", "--timeout=60s"),
            S("rollout-history-deployment", "rollout", "history", "deployment/web", "-n", "shop"),
            S("rollout-history-revision", "rollout", "history", "deployment/web", "-n", "shop", "--revision=2"),
            S("rollout-undo-deployment", "rollout", "undo", "deployment/web", "-n", "shop"),
            S("rollout-status-after-undo", "rollout", "status", "deployment/web", "-n", "shop", "--timeout=60s"),
            S("rollout-restart-deployment", "rollout", "restart", "deployment/web", "-n", "shop"),
            S("rollout-pause-deployment", "rollout", "pause", "deployment/web", "-n", "shop"),
            S("rollout-resume-deployment", "rollout", "resume", "deployment/web", "-n", "shop"),
            S("rollout-status-after-restart", "rollout", "status", "deployment/web", "-n", "shop", "--timeout=60s"),
            S("set-image-statefulset", "set", "image", "statefulset/db", "db=shop/db:2", "-n", "shop"),
            S("rollout-status-statefulset-update", "rollout", "status", "statefulset/db", "-n", "shop", "--timeout=60s"),
            S("rollout-history-statefulset", "rollout", "history", "statefulset/db", "-n", "shop"),
            S("rollout-undo-statefulset", "rollout", "undo", "statefulset/db", "-n", "shop"),
            S("rollout-restart-statefulset", "rollout", "restart", "statefulset/db", "-n", "shop"),
            S("set-image-daemonset", "set", "image", "daemonset/agent", "agent=shop/agent:2", "-n", "shop"),
            S("rollout-status-daemonset-update", "rollout", "status", "daemonset/agent", "-n", "shop", "--timeout=60s"),
            S("rollout-history-daemonset", "rollout", "history", "daemonset/agent", "-n", "shop"),
            S("rollout-undo-daemonset", "rollout", "undo", "daemonset/agent", "-n", "shop"),
            S("rollout-restart-daemonset", "rollout", "restart", "daemonset/agent", "-n", "shop"),
            S("scale-deployment", "scale", "deployment/web", "--replicas=3", "-n", "shop"),
            S("scale-statefulset", "scale", "statefulset/db", "--replicas=2", "-n", "shop"),
            S("label", "label", "deployment", "web", "tier=front", "-n", "shop"),
            S("label-overwrite", "label", "deployment", "web", "tier=edge", "--overwrite", "-n", "shop"),
            S("annotate", "annotate", "deployment", "web", "owner=shop-team", "-n", "shop"),
            S("patch-strategic", "patch", "deployment", "web", "-n", "shop", "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"MODE","value":"blue"}]}]}}}}"""),
            S("patch-merge", "patch", "deployment", "web", "-n", "shop", "--type=merge", "-p", """{"metadata":{"labels":{"patched":"merge"}}}"""),
            S("patch-json", "patch", "deployment", "web", "-n", "shop", "--type=json", "-p", """[{"op":"replace","path":"/spec/replicas","value":2}]"""),
            new("edit", ["edit", "deployment/web", "-n", "shop"], [0], new Dictionary<string, string> { ["KUBE_EDITOR"] = editor, ["EDITOR"] = editor }),
            S("wait-available", "wait", "--for=condition=Available", "deployment/web", "-n", "shop", "--timeout=60s"),
            S("explain", "explain", "deployment.spec.replicas"),
            S("explain-recursive", "explain", "pods.spec.containers", "--recursive"),
            S("auth-can-i", "auth", "can-i", "create", "deployments", "-n", "shop"),
            S("create-deployment", "create", "deployment", "api", "--image=shop/api:1", "-n", "shop"),
            S("create-job", "create", "job", "once", "--image=shop/job:1", "-n", "shop"),
            S("create-cronjob", "create", "cronjob", "nightly", "--image=shop/job:1", "--schedule=0 1 * * *", "-n", "shop"),
            S("create-service", "create", "service", "clusterip", "api", "--tcp=80:8080", "-n", "shop"),
            S("create-ingress", "create", "ingress", "web", "--rule=shop.example.com/=web:80", "-n", "shop"),
            S("create-role", "create", "role", "reader", "--verb=get,list", "--resource=pods", "-n", "shop"),
            S("create-rolebinding", "create", "rolebinding", "reader", "--role=reader", "--serviceaccount=shop:web", "-n", "shop"),
            S("create-quota", "create", "quota", "compute", "--hard=pods=50", "-n", "shop"),
            S("apply-crd", "apply", "-f", F("crd.yaml")),
            S("wait-crd-established", "wait", "--for=condition=established", "crd/widgets.example.com", "--timeout=60s"),
            S("apply-custom-resource", "apply", "-f", F("widget.yaml")),
            S("get-custom-resources", "get", "widgets", "-n", "shop"),
            S("api-resources", "api-resources"),
            S("api-versions", "api-versions"),
            S("version", "version"),
            S("logs", "logs", "deployment/web", "-n", "shop"),
            S("delete-orphan", "delete", "deployment", "api", "--cascade=orphan", "-n", "shop"),
            S("get-orphaned-replicasets", "get", "replicasets", "-n", "shop", "-l", "app=api"),
            S("delete-foreground", "delete", "deployment", "web", "--cascade=foreground", "-n", "shop"),
            S("delete-background", "delete", "statefulset", "db", "--cascade=background", "-n", "shop"),
            S("delete-custom-resource", "delete", "-f", F("widget.yaml")),
            S("delete-crd", "delete", "-f", F("crd.yaml")),
            S("delete-namespace", "delete", "namespace", "shop"),
            S("get-deleted-namespace", "get", "namespace", "shop", "--ignore-not-found"),
        ];
    }

    private static Step S(string id, params string[] arguments) => new(id, arguments, [0]);

    /// <summary>The manifests the script applies, and the editor `kubectl edit` runs.</summary>
    public static void WriteFiles(string folder)
    {
        File.WriteAllText(Path.Combine(folder, "web.yaml"), Web("shop/web:1", 2));
        File.WriteAllText(Path.Combine(folder, "web-changed.yaml"), Web("shop/web:1", 4));
        File.WriteAllText(Path.Combine(folder, "db.yaml"), """
            apiVersion: v1
            kind: Service
            metadata: {name: db, namespace: shop}
            spec:
              clusterIP: None
              selector: {app: db}
              ports: [{port: 5432}]
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db, namespace: shop}
            spec:
              serviceName: db
              replicas: 1
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers:
                  - name: db
                    image: shop/db:1
                    ports: [{containerPort: 5432}]
            """);
        File.WriteAllText(Path.Combine(folder, "agent.yaml"), """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent, namespace: shop}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec:
                  containers:
                  - name: agent
                    image: shop/agent:1
            """);
        File.WriteAllText(Path.Combine(folder, "crd.yaml"), """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          color: {type: string}
            """);
        File.WriteAllText(Path.Combine(folder, "widget.yaml"), """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: blue, namespace: shop}
            spec: {color: blue}
            """);
        var editor = Path.Combine(folder, "editor.sh");
        File.WriteAllText(editor, "#!/bin/sh\nsed -i 's/replicas: 2/replicas: 1/' \"$1\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string Web(string image, int replicas) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          labels: {app: web}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: {{image}}
                ports:
                - containerPort: 8080
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: shop
        spec:
          selector: {app: web}
          ports:
          - port: 80
            targetPort: 8080
        """;
}
