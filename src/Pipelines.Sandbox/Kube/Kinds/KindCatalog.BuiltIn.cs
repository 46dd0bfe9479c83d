using static Pipelines.Sandbox.Kube.Kinds.Schema;
using static Pipelines.Sandbox.Kube.Kinds.ObjectSchemas;

namespace Pipelines.Sandbox.Kube.Kinds;

/// <summary>The built-in kinds: their groups, versions, scopes, verbs and schemas, one table as the API server's discovery lists them.</summary>
public sealed partial class KindCatalog
{
    private static SchemaNode Kind(string definition, params (string Name, SchemaNode Node)[] fields) =>
        Object(definition, [("apiVersion", Text), ("kind", Text), ("metadata", ObjectMeta), .. fields]);

    private static IReadOnlyList<ResourceKind> BuiltIn()
    {
        var workloadStatusCounts = new (string, SchemaNode)[]
        {
            ("replicas", Int), ("updatedReplicas", Int), ("readyReplicas", Int),
            ("availableReplicas", Int), ("unavailableReplicas", Int),
        };
        return
        [
            new()
            {
                Group = "", Version = "v1", Kind = "Namespace", Plural = "namespaces", Namespaced = false,
                ShortNames = ["ns"], SelectableFields = ["status.phase"],
                Schema = Kind("io.k8s.api.core.v1.Namespace",
                    ("spec", Object("io.k8s.api.core.v1.NamespaceSpec", ("finalizers", Strings))),
                    ("status", Object("io.k8s.api.core.v1.NamespaceStatus", ("phase", Text),
                        ("conditions", Keyed(Condition("io.k8s.api.core.v1.NamespaceCondition"), "type"))))),
            },
            new()
            {
                Group = "", Version = "v1", Kind = "Pod", Plural = "pods", Namespaced = true,
                ShortNames = ["po"], Categories = ["all"],
                SelectableFields = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                    "status.phase", "status.podIP", "status.nominatedNodeName"],
                Schema = Kind("io.k8s.api.core.v1.Pod", ("spec", PodSpec), ("status", PodStatus)),
            },
            new()
            {
                Group = "", Version = "v1", Kind = "Service", Plural = "services", Namespaced = true,
                ShortNames = ["svc"], Categories = ["all"],
                Schema = Kind("io.k8s.api.core.v1.Service",
                    ("spec", Object("io.k8s.api.core.v1.ServiceSpec",
                        ("ports", Keyed(ServicePort, "port", "merge", "port", "protocol")),
                        ("selector", StringMap), ("clusterIP", Text), ("clusterIPs", Strings), ("type", Text),
                        ("externalIPs", Strings), ("sessionAffinity", Text), ("loadBalancerIP", Text),
                        ("externalName", Text), ("externalTrafficPolicy", Text), ("internalTrafficPolicy", Text),
                        ("ipFamilies", Strings), ("ipFamilyPolicy", Text), ("publishNotReadyAddresses", Bool),
                        ("loadBalancerSourceRanges", Strings), ("healthCheckNodePort", Int),
                        ("sessionAffinityConfig", Opaque("io.k8s.api.core.v1.SessionAffinityConfig")),
                        ("allocateLoadBalancerNodePorts", Bool), ("loadBalancerClass", Text), ("trafficDistribution", Text))),
                    ("status", Opaque("io.k8s.api.core.v1.ServiceStatus"))),
            },
            new()
            {
                Group = "", Version = "v1", Kind = "ConfigMap", Plural = "configmaps", Namespaced = true,
                ShortNames = ["cm"], HasStatus = false,
                Schema = Kind("io.k8s.api.core.v1.ConfigMap",
                    ("data", StringMap), ("binaryData", MapOf(Bytes)), ("immutable", Bool)),
            },
            new()
            {
                Group = "", Version = "v1", Kind = "Secret", Plural = "secrets", Namespaced = true,
                HasStatus = false, SelectableFields = ["type"],
                Schema = Kind("io.k8s.api.core.v1.Secret",
                    ("data", MapOf(Bytes)), ("stringData", StringMap), ("type", Text), ("immutable", Bool)),
            },
            new()
            {
                Group = "", Version = "v1", Kind = "ServiceAccount", Plural = "serviceaccounts", Namespaced = true,
                ShortNames = ["sa"], HasStatus = false,
                Schema = Kind("io.k8s.api.core.v1.ServiceAccount",
                    ("secrets", Keyed(Opaque("io.k8s.api.core.v1.ObjectReference"), "name")),
                    ("imagePullSecrets", Atomic(LocalObjectReference)),
                    ("automountServiceAccountToken", Bool)),
            },
            new()
            {
                Group = "", Version = "v1", Kind = "Event", Plural = "events", Namespaced = true,
                ShortNames = ["ev"], HasStatus = false,
                SelectableFields = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                    "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent",
                    "source", "type"],
                Schema = Kind("io.k8s.api.core.v1.Event",
                    ("involvedObject", ObjectReference), ("related", ObjectReference), ("reason", Text), ("message", Text),
                    ("source", Object("io.k8s.api.core.v1.EventSource", ("component", Text), ("host", Text))),
                    ("firstTimestamp", Time), ("lastTimestamp", Time), ("count", Int), ("type", Text),
                    ("eventTime", new SchemaNode { Type = "string", Format = "date-time" }), ("series", Opaque("io.k8s.api.core.v1.EventSeries")),
                    ("action", Text), ("reportingComponent", Text), ("reportingInstance", Text)),
            },
            new()
            {
                Group = "", Version = "v1", Kind = "ResourceQuota", Plural = "resourcequotas", Namespaced = true,
                ShortNames = ["quota"],
                Schema = Kind("io.k8s.api.core.v1.ResourceQuota",
                    ("spec", Object("io.k8s.api.core.v1.ResourceQuotaSpec", ("hard", MapOf(IntOrString)), ("scopes", Strings),
                        ("scopeSelector", Opaque("io.k8s.api.core.v1.ScopeSelector")))),
                    ("status", Object("io.k8s.api.core.v1.ResourceQuotaStatus", ("hard", MapOf(IntOrString)), ("used", MapOf(IntOrString))))),
            },
            new()
            {
                Group = "networking.k8s.io", Version = "v1", Kind = "Ingress", Plural = "ingresses", Namespaced = true,
                ShortNames = ["ing"],
                Schema = Kind("io.k8s.api.networking.v1.Ingress",
                    ("spec", Object("io.k8s.api.networking.v1.IngressSpec",
                        ("ingressClassName", Text), ("defaultBackend", IngressBackend),
                        ("tls", Atomic(Object("io.k8s.api.networking.v1.IngressTLS", ("hosts", Strings), ("secretName", Text)))),
                        ("rules", Atomic(Object("io.k8s.api.networking.v1.IngressRule", ("host", Text),
                            ("http", Object("io.k8s.api.networking.v1.HTTPIngressRuleValue", ["paths"],
                                ("paths", Atomic(Object("io.k8s.api.networking.v1.HTTPIngressPath", ["pathType", "backend"],
                                    ("path", Text), ("pathType", Text), ("backend", IngressBackend))))))))))),
                    ("status", Opaque("io.k8s.api.networking.v1.IngressStatus"))),
            },
            new()
            {
                Group = "apps", Version = "v1", Kind = "ControllerRevision", Plural = "controllerrevisions", Namespaced = true,
                HasStatus = false,
                Schema = Kind("io.k8s.api.apps.v1.ControllerRevision", ("data", Opaque("io.k8s.apimachinery.pkg.runtime.RawExtension")), ("revision", Long)),
            },
            new()
            {
                Group = "apiextensions.k8s.io", Version = "v1", Kind = "CustomResourceDefinition", Plural = "customresourcedefinitions", Namespaced = false,
                ShortNames = ["crd", "crds"],
                Schema = Kind("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition",
                    ("spec", Object("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec", ["group", "names", "scope", "versions"],
                        ("group", Text),
                        ("names", CrdNames),
                        ("scope", Text),
                        ("versions", Atomic(Object("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion", ["name", "served", "storage"],
                            ("name", Text), ("served", Bool), ("storage", Bool), ("deprecated", Bool), ("deprecationWarning", Text),
                            ("schema", Opaque("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceValidation")),
                            ("subresources", Opaque("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceSubresources")),
                            ("additionalPrinterColumns", Atomic(Opaque("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceColumnDefinition"))),
                            ("selectableFields", Atomic(Opaque("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.SelectableField")))))),
                        ("conversion", Opaque("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceConversion")),
                        ("preserveUnknownFields", Bool))),
                    ("status", Object("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionStatus",
                        ("conditions", Keyed(Condition("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionCondition"), "type")),
                        ("acceptedNames", CrdNames), ("storedVersions", Strings)))),
            },
            new()
            {
                Group = "apps", Version = "v1", Kind = "Deployment", Plural = "deployments", Namespaced = true,
                ShortNames = ["deploy"], Categories = ["all"], TracksGeneration = true,
                PodTemplatePath = ["spec", "template"],
                Schema = Kind("io.k8s.api.apps.v1.Deployment",
                    ("spec", Object("io.k8s.api.apps.v1.DeploymentSpec", ["selector", "template"],
                        ("replicas", Int), ("selector", LabelSelector), ("template", PodTemplateSpec),
                        ("strategy", DeploymentStrategy.WithStrategy("retainKeys")),
                        ("minReadySeconds", Int), ("revisionHistoryLimit", Int), ("paused", Bool),
                        ("progressDeadlineSeconds", Int))),
                    ("status", WorkloadStatus("io.k8s.api.apps.v1.DeploymentStatus", "io.k8s.api.apps.v1.DeploymentCondition",
                        [.. workloadStatusCounts, ("terminatingReplicas", Int)]))),
            },
            new()
            {
                Group = "apps", Version = "v1", Kind = "ReplicaSet", Plural = "replicasets", Namespaced = true,
                ShortNames = ["rs"], Categories = ["all"], TracksGeneration = true,
                PodTemplatePath = ["spec", "template"],
                Schema = Kind("io.k8s.api.apps.v1.ReplicaSet",
                    ("spec", Object("io.k8s.api.apps.v1.ReplicaSetSpec", ["selector"],
                        ("replicas", Int), ("minReadySeconds", Int), ("selector", LabelSelector),
                        ("template", PodTemplateSpec))),
                    ("status", WorkloadStatus("io.k8s.api.apps.v1.ReplicaSetStatus", "io.k8s.api.apps.v1.ReplicaSetCondition",
                        ("replicas", Int), ("fullyLabeledReplicas", Int), ("readyReplicas", Int),
                        ("availableReplicas", Int), ("terminatingReplicas", Int)))),
            },
            new()
            {
                Group = "apps", Version = "v1", Kind = "StatefulSet", Plural = "statefulsets", Namespaced = true,
                ShortNames = ["sts"], Categories = ["all"], TracksGeneration = true,
                PodTemplatePath = ["spec", "template"],
                Schema = Kind("io.k8s.api.apps.v1.StatefulSet",
                    ("spec", Object("io.k8s.api.apps.v1.StatefulSetSpec", ["selector", "template"],
                        ("replicas", Int), ("selector", LabelSelector), ("template", PodTemplateSpec),
                        ("volumeClaimTemplates", Atomic(Opaque("io.k8s.api.core.v1.PersistentVolumeClaim"))),
                        ("serviceName", Text), ("podManagementPolicy", Text),
                        ("updateStrategy", Object("io.k8s.api.apps.v1.StatefulSetUpdateStrategy", ("type", Text),
                            ("rollingUpdate", Object("io.k8s.api.apps.v1.RollingUpdateStatefulSetStrategy", ("partition", Int), ("maxUnavailable", IntOrString))))),
                        ("revisionHistoryLimit", Int), ("minReadySeconds", Int),
                        ("persistentVolumeClaimRetentionPolicy", Opaque("io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy")),
                        ("ordinals", Opaque("io.k8s.api.apps.v1.StatefulSetOrdinals")))),
                    ("status", WorkloadStatus("io.k8s.api.apps.v1.StatefulSetStatus", "io.k8s.api.apps.v1.StatefulSetCondition",
                        ("replicas", Int), ("readyReplicas", Int), ("currentReplicas", Int),
                        ("updatedReplicas", Int), ("availableReplicas", Int),
                        ("currentRevision", Text), ("updateRevision", Text)))),
            },
            new()
            {
                Group = "apps", Version = "v1", Kind = "DaemonSet", Plural = "daemonsets", Namespaced = true,
                ShortNames = ["ds"], Categories = ["all"], TracksGeneration = true,
                PodTemplatePath = ["spec", "template"],
                Schema = Kind("io.k8s.api.apps.v1.DaemonSet",
                    ("spec", Object("io.k8s.api.apps.v1.DaemonSetSpec", ["selector", "template"],
                        ("selector", LabelSelector), ("template", PodTemplateSpec),
                        ("updateStrategy", Object("io.k8s.api.apps.v1.DaemonSetUpdateStrategy", ("type", Text),
                            ("rollingUpdate", Object("io.k8s.api.apps.v1.RollingUpdateDaemonSet", ("maxUnavailable", IntOrString), ("maxSurge", IntOrString))))),
                        ("minReadySeconds", Int), ("revisionHistoryLimit", Int))),
                    ("status", WorkloadStatus("io.k8s.api.apps.v1.DaemonSetStatus", "io.k8s.api.apps.v1.DaemonSetCondition",
                        ("currentNumberScheduled", Int), ("numberMisscheduled", Int),
                        ("desiredNumberScheduled", Int), ("numberReady", Int), ("updatedNumberScheduled", Int),
                        ("numberAvailable", Int), ("numberUnavailable", Int)))),
            },
            new()
            {
                Group = "batch", Version = "v1", Kind = "Job", Plural = "jobs", Namespaced = true,
                Categories = ["all"], TracksGeneration = true, PodTemplatePath = ["spec", "template"],
                SelectableFields = ["status.successful"],
                Schema = Kind("io.k8s.api.batch.v1.Job", ("spec", JobSpec), ("status", Opaque("io.k8s.api.batch.v1.JobStatus"))),
            },
            new()
            {
                Group = "batch", Version = "v1", Kind = "CronJob", Plural = "cronjobs", Namespaced = true,
                ShortNames = ["cj"], Categories = ["all"], TracksGeneration = true,
                PodTemplatePath = ["spec", "jobTemplate", "spec", "template"],
                Schema = Kind("io.k8s.api.batch.v1.CronJob",
                    ("spec", Object("io.k8s.api.batch.v1.CronJobSpec", ["schedule", "jobTemplate"],
                        ("schedule", Text), ("timeZone", Text), ("startingDeadlineSeconds", Long),
                        ("concurrencyPolicy", Text), ("suspend", Bool),
                        ("jobTemplate", Object("io.k8s.api.batch.v1.JobTemplateSpec", ("metadata", ObjectMeta), ("spec", JobSpec))),
                        ("successfulJobsHistoryLimit", Int), ("failedJobsHistoryLimit", Int))),
                    ("status", Opaque("io.k8s.api.batch.v1.CronJobStatus"))),
            },
            new()
            {
                Group = "coordination.k8s.io", Version = "v1", Kind = "Lease", Plural = "leases", Namespaced = true,
                HasStatus = false,
                Schema = Kind("io.k8s.api.coordination.v1.Lease",
                    ("spec", Object("io.k8s.api.coordination.v1.LeaseSpec",
                        ("holderIdentity", Text), ("leaseDurationSeconds", Int),
                        ("acquireTime", new SchemaNode { Type = "string", Format = "date-time" }),
                        ("renewTime", new SchemaNode { Type = "string", Format = "date-time" }),
                        ("leaseTransitions", Int), ("strategy", Text), ("preferredHolder", Text)))),
            },
            new()
            {
                Group = "rbac.authorization.k8s.io", Version = "v1", Kind = "Role", Plural = "roles", Namespaced = true,
                HasStatus = false,
                Schema = Kind("io.k8s.api.rbac.v1.Role", ("rules", Atomic(PolicyRule))),
            },
            new()
            {
                Group = "rbac.authorization.k8s.io", Version = "v1", Kind = "ClusterRole", Plural = "clusterroles", Namespaced = false,
                HasStatus = false,
                Schema = Kind("io.k8s.api.rbac.v1.ClusterRole", ("rules", Atomic(PolicyRule)),
                    ("aggregationRule", Opaque("io.k8s.api.rbac.v1.AggregationRule"))),
            },
            new()
            {
                Group = "rbac.authorization.k8s.io", Version = "v1", Kind = "RoleBinding", Plural = "rolebindings", Namespaced = true,
                HasStatus = false,
                Schema = Kind("io.k8s.api.rbac.v1.RoleBinding", ("subjects", Atomic(Subject)), ("roleRef", RoleRef)),
            },
            new()
            {
                Group = "rbac.authorization.k8s.io", Version = "v1", Kind = "ClusterRoleBinding", Plural = "clusterrolebindings", Namespaced = false,
                HasStatus = false,
                Schema = Kind("io.k8s.api.rbac.v1.ClusterRoleBinding", ("subjects", Atomic(Subject)), ("roleRef", RoleRef)),
            },
        ];
    }
}
