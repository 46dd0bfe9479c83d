using static Pipelines.Sandbox.Kube.Kinds.Schema;

namespace Pipelines.Sandbox.Kube.Kinds;

/// <summary>
/// The fields of the served kinds that matter to patching and to the OpenAPI documents, with the
/// merge keys, patch strategies and list types of the real API (k8s.io/api, release 1.33).
/// </summary>
internal static class ObjectSchemas
{
    public static SchemaNode OwnerReference { get; } = Object("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference",
        ["apiVersion", "kind", "name", "uid"],
        ("apiVersion", Text), ("kind", Text), ("name", Text), ("uid", Text),
        ("controller", Bool), ("blockOwnerDeletion", Bool));

    public static SchemaNode ObjectMeta { get; } = Object("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
        ("name", Text), ("generateName", Text), ("namespace", Text), ("selfLink", Text), ("uid", Text),
        ("resourceVersion", Text), ("generation", Long), ("creationTimestamp", Time),
        ("deletionTimestamp", Time), ("deletionGracePeriodSeconds", Long),
        ("labels", StringMap), ("annotations", StringMap),
        ("ownerReferences", Keyed(OwnerReference, "uid")),
        ("finalizers", Set(Text)),
        ("managedFields", Atomic(Opaque("io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry"))));

    public static SchemaNode ListMeta { get; } = Object("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta",
        ("resourceVersion", Text), ("continue", Text), ("remainingItemCount", Long));

    public static SchemaNode LabelSelector { get; } = Object("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
        ("matchLabels", StringMap),
        ("matchExpressions", Atomic(Object("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement",
            ["key", "operator"], ("key", Text), ("operator", Text), ("values", Strings)))));

    public static SchemaNode Condition(string definition) => Object(definition, ["type", "status"],
        ("type", Text), ("status", Text), ("reason", Text), ("message", Text),
        ("lastUpdateTime", Time), ("lastTransitionTime", Time), ("lastProbeTime", Time),
        ("lastHeartbeatTime", Time), ("observedGeneration", Long));

    public static SchemaNode Protocol { get; } = new() { Type = "string", Default = "TCP" };

    public static SchemaNode ContainerPort { get; } = Object("io.k8s.api.core.v1.ContainerPort", ["containerPort"],
        ("name", Text), ("containerPort", Int), ("hostPort", Int), ("hostIP", Text), ("protocol", Protocol));

    // The parts of a container people write by hand and misspell (probes, resources, security contexts, references to
    // ConfigMaps and Secrets): described field by field, so that strict validation refuses an unknown field in them as the
    // API server does, instead of storing it and letting a release push what a real cluster refuses.
    public static SchemaNode Quantities { get; } = MapOf(IntOrString);

    public static SchemaNode ResourceRequirements { get; } = Object("io.k8s.api.core.v1.ResourceRequirements",
        ("limits", Quantities), ("requests", Quantities),
        ("claims", Keyed(Object("io.k8s.api.core.v1.ResourceClaim", ["name"], ("name", Text), ("request", Text)), "name")));

    public static SchemaNode ExecAction { get; } = Object("io.k8s.api.core.v1.ExecAction", ("command", Strings));

    public static SchemaNode HttpGetAction { get; } = Object("io.k8s.api.core.v1.HTTPGetAction", ["port"],
        ("path", Text), ("port", IntOrString), ("host", Text), ("scheme", Text),
        ("httpHeaders", Atomic(Object("io.k8s.api.core.v1.HTTPHeader", ["name", "value"], ("name", Text), ("value", Text)))));

    public static SchemaNode TcpSocketAction { get; } = Object("io.k8s.api.core.v1.TCPSocketAction", ["port"], ("port", IntOrString), ("host", Text));

    public static SchemaNode Probe { get; } = Object("io.k8s.api.core.v1.Probe",
        ("exec", ExecAction), ("httpGet", HttpGetAction), ("tcpSocket", TcpSocketAction),
        ("grpc", Object("io.k8s.api.core.v1.GRPCAction", ["port"], ("port", Int), ("service", Text))),
        ("initialDelaySeconds", Int), ("timeoutSeconds", Int), ("periodSeconds", Int), ("successThreshold", Int),
        ("failureThreshold", Int), ("terminationGracePeriodSeconds", Long));

    public static SchemaNode SeccompProfile { get; } = Object("io.k8s.api.core.v1.SeccompProfile", ["type"], ("type", Text), ("localhostProfile", Text));

    public static SchemaNode AppArmorProfile { get; } = Object("io.k8s.api.core.v1.AppArmorProfile", ["type"], ("type", Text), ("localhostProfile", Text));

    public static SchemaNode SecurityContext { get; } = Object("io.k8s.api.core.v1.SecurityContext",
        ("capabilities", Object("io.k8s.api.core.v1.Capabilities", ("add", Strings), ("drop", Strings))),
        ("privileged", Bool), ("seLinuxOptions", Opaque("io.k8s.api.core.v1.SELinuxOptions")),
        ("windowsOptions", Opaque("io.k8s.api.core.v1.WindowsSecurityContextOptions")),
        ("runAsUser", Long), ("runAsGroup", Long), ("runAsNonRoot", Bool), ("readOnlyRootFilesystem", Bool),
        ("allowPrivilegeEscalation", Bool), ("procMount", Text), ("seccompProfile", SeccompProfile), ("appArmorProfile", AppArmorProfile));

    public static SchemaNode PodSecurityContext { get; } = Object("io.k8s.api.core.v1.PodSecurityContext",
        ("seLinuxOptions", Opaque("io.k8s.api.core.v1.SELinuxOptions")),
        ("windowsOptions", Opaque("io.k8s.api.core.v1.WindowsSecurityContextOptions")),
        ("runAsUser", Long), ("runAsGroup", Long), ("runAsNonRoot", Bool), ("supplementalGroups", Atomic(Long)),
        ("supplementalGroupsPolicy", Text), ("fsGroup", Long),
        ("sysctls", Atomic(Object("io.k8s.api.core.v1.Sysctl", ["name", "value"], ("name", Text), ("value", Text)))),
        ("fsGroupChangePolicy", Text), ("seccompProfile", SeccompProfile), ("appArmorProfile", AppArmorProfile), ("seLinuxChangePolicy", Text));

    public static SchemaNode KeySelector(string definition) => Object(definition, ["key"], ("name", Text), ("key", Text), ("optional", Bool));

    public static SchemaNode EnvVarSource { get; } = Object("io.k8s.api.core.v1.EnvVarSource",
        ("fieldRef", Object("io.k8s.api.core.v1.ObjectFieldSelector", ["fieldPath"], ("apiVersion", Text), ("fieldPath", Text))),
        ("resourceFieldRef", Object("io.k8s.api.core.v1.ResourceFieldSelector", ["resource"], ("containerName", Text), ("resource", Text), ("divisor", IntOrString))),
        ("configMapKeyRef", KeySelector("io.k8s.api.core.v1.ConfigMapKeySelector")),
        ("secretKeyRef", KeySelector("io.k8s.api.core.v1.SecretKeySelector")));

    public static SchemaNode EnvFromSource { get; } = Object("io.k8s.api.core.v1.EnvFromSource",
        ("prefix", Text),
        ("configMapRef", Object("io.k8s.api.core.v1.ConfigMapEnvSource", ("name", Text), ("optional", Bool))),
        ("secretRef", Object("io.k8s.api.core.v1.SecretEnvSource", ("name", Text), ("optional", Bool))));

    public static SchemaNode KeyToPath { get; } = Object("io.k8s.api.core.v1.KeyToPath", ["key", "path"], ("key", Text), ("path", Text), ("mode", Int));

    public static SchemaNode EnvVar { get; } = Object("io.k8s.api.core.v1.EnvVar", ["name"],
        ("name", Text), ("value", Text), ("valueFrom", EnvVarSource));

    public static SchemaNode VolumeMount { get; } = Object("io.k8s.api.core.v1.VolumeMount", ["name", "mountPath"],
        ("name", Text), ("mountPath", Text), ("subPath", Text), ("readOnly", Bool),
        ("mountPropagation", Text), ("subPathExpr", Text), ("recursiveReadOnly", Text));

    public static SchemaNode Container { get; } = Object("io.k8s.api.core.v1.Container", ["name"],
        ("name", Text), ("image", Text), ("imagePullPolicy", Text),
        ("command", Strings), ("args", Strings), ("workingDir", Text),
        ("ports", Keyed(ContainerPort, "containerPort", "merge", "containerPort", "protocol")),
        ("env", Keyed(EnvVar, "name")),
        ("envFrom", Atomic(EnvFromSource)),
        ("volumeMounts", Keyed(VolumeMount, "mountPath")),
        ("volumeDevices", Keyed(Opaque("io.k8s.api.core.v1.VolumeDevice"), "devicePath")),
        ("resources", ResourceRequirements),
        ("resizePolicy", Atomic(Opaque("io.k8s.api.core.v1.ContainerResizePolicy"))),
        ("restartPolicy", Text),
        ("livenessProbe", Probe),
        ("readinessProbe", Probe),
        ("startupProbe", Probe),
        ("lifecycle", Opaque("io.k8s.api.core.v1.Lifecycle")),
        ("securityContext", SecurityContext),
        ("terminationMessagePath", Text), ("terminationMessagePolicy", Text),
        ("stdin", Bool), ("stdinOnce", Bool), ("tty", Bool));

    public static SchemaNode Volume { get; } = Object("io.k8s.api.core.v1.Volume", ["name"],
        ("name", Text),
        ("configMap", Object("io.k8s.api.core.v1.ConfigMapVolumeSource", ("name", Text), ("items", Atomic(KeyToPath)), ("defaultMode", Int), ("optional", Bool))),
        ("secret", Object("io.k8s.api.core.v1.SecretVolumeSource", ("secretName", Text), ("items", Atomic(KeyToPath)), ("defaultMode", Int), ("optional", Bool))),
        ("emptyDir", Object("io.k8s.api.core.v1.EmptyDirVolumeSource", ("medium", Text), ("sizeLimit", IntOrString))),
        ("hostPath", Opaque("io.k8s.api.core.v1.HostPathVolumeSource")),
        ("persistentVolumeClaim", Object("io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource", ["claimName"], ("claimName", Text), ("readOnly", Bool))),
        ("projected", Opaque("io.k8s.api.core.v1.ProjectedVolumeSource")),
        ("downwardAPI", Opaque("io.k8s.api.core.v1.DownwardAPIVolumeSource")),
        ("csi", Opaque("io.k8s.api.core.v1.CSIVolumeSource")),
        ("ephemeral", Opaque("io.k8s.api.core.v1.EphemeralVolumeSource")),
        ("image", Opaque("io.k8s.api.core.v1.ImageVolumeSource")),
        ("nfs", Opaque("io.k8s.api.core.v1.NFSVolumeSource")),
        ("iscsi", Opaque("io.k8s.api.core.v1.ISCSIVolumeSource")),
        ("fc", Opaque("io.k8s.api.core.v1.FCVolumeSource")),
        ("awsElasticBlockStore", Opaque("io.k8s.api.core.v1.AWSElasticBlockStoreVolumeSource")),
        ("gcePersistentDisk", Opaque("io.k8s.api.core.v1.GCEPersistentDiskVolumeSource")),
        ("azureDisk", Opaque("io.k8s.api.core.v1.AzureDiskVolumeSource")),
        ("azureFile", Opaque("io.k8s.api.core.v1.AzureFileVolumeSource")),
        ("cephfs", Opaque("io.k8s.api.core.v1.CephFSVolumeSource")),
        ("cinder", Opaque("io.k8s.api.core.v1.CinderVolumeSource")),
        ("flexVolume", Opaque("io.k8s.api.core.v1.FlexVolumeSource")),
        ("flocker", Opaque("io.k8s.api.core.v1.FlockerVolumeSource")),
        ("gitRepo", Opaque("io.k8s.api.core.v1.GitRepoVolumeSource")),
        ("glusterfs", Opaque("io.k8s.api.core.v1.GlusterfsVolumeSource")),
        ("photonPersistentDisk", Opaque("io.k8s.api.core.v1.PhotonPersistentDiskVolumeSource")),
        ("portworxVolume", Opaque("io.k8s.api.core.v1.PortworxVolumeSource")),
        ("quobyte", Opaque("io.k8s.api.core.v1.QuobyteVolumeSource")),
        ("rbd", Opaque("io.k8s.api.core.v1.RBDVolumeSource")),
        ("scaleIO", Opaque("io.k8s.api.core.v1.ScaleIOVolumeSource")),
        ("storageos", Opaque("io.k8s.api.core.v1.StorageOSVolumeSource")),
        ("vsphereVolume", Opaque("io.k8s.api.core.v1.VsphereVirtualDiskVolumeSource")));

    public static SchemaNode LocalObjectReference { get; } = Object("io.k8s.api.core.v1.LocalObjectReference", ["name"], ("name", Text));

    public static SchemaNode PodSpec { get; } = Object("io.k8s.api.core.v1.PodSpec", ["containers"],
        ("volumes", Keyed(Volume, "name", "merge,retainKeys")),
        ("initContainers", Keyed(Container, "name")),
        ("containers", Keyed(Container, "name")),
        ("ephemeralContainers", Keyed(Opaque("io.k8s.api.core.v1.EphemeralContainer"), "name")),
        ("restartPolicy", Text), ("terminationGracePeriodSeconds", Long), ("activeDeadlineSeconds", Long),
        ("dnsPolicy", Text), ("nodeSelector", StringMap), ("serviceAccountName", Text), ("serviceAccount", Text),
        ("automountServiceAccountToken", Bool), ("nodeName", Text),
        ("hostNetwork", Bool), ("hostPID", Bool), ("hostIPC", Bool), ("shareProcessNamespace", Bool),
        ("securityContext", PodSecurityContext),
        ("imagePullSecrets", Keyed(LocalObjectReference, "name")),
        ("hostname", Text), ("subdomain", Text),
        ("affinity", Opaque("io.k8s.api.core.v1.Affinity")),
        ("schedulerName", Text),
        ("tolerations", Atomic(Opaque("io.k8s.api.core.v1.Toleration"))),
        ("hostAliases", Keyed(Opaque("io.k8s.api.core.v1.HostAlias"), "ip")),
        ("priorityClassName", Text), ("priority", Int),
        ("dnsConfig", Opaque("io.k8s.api.core.v1.PodDNSConfig")),
        ("readinessGates", Atomic(Opaque("io.k8s.api.core.v1.PodReadinessGate"))),
        ("runtimeClassName", Text), ("enableServiceLinks", Bool), ("preemptionPolicy", Text),
        ("topologySpreadConstraints", Keyed(Opaque("io.k8s.api.core.v1.TopologySpreadConstraint"),
            "topologyKey", "merge", "topologyKey", "whenUnsatisfiable")),
        ("schedulingGates", Keyed(Opaque("io.k8s.api.core.v1.PodSchedulingGate"), "name")),
        ("overhead", MapOf(IntOrString)), ("setHostnameAsFQDN", Bool), ("hostUsers", Bool),
        ("os", Object("io.k8s.api.core.v1.PodOS", ["name"], ("name", Text))),
        ("resourceClaims", Keyed(Opaque("io.k8s.api.core.v1.PodResourceClaim"), "name")),
        ("resources", ResourceRequirements));

    public static SchemaNode PodTemplateSpec { get; } = Object("io.k8s.api.core.v1.PodTemplateSpec",
        ("metadata", ObjectMeta), ("spec", PodSpec));

    public static SchemaNode ContainerStatus { get; } = Opaque("io.k8s.api.core.v1.ContainerStatus");

    public static SchemaNode PodStatus { get; } = Object("io.k8s.api.core.v1.PodStatus",
        ("phase", Text), ("conditions", Keyed(Condition("io.k8s.api.core.v1.PodCondition"), "type")),
        ("message", Text), ("reason", Text), ("hostIP", Text),
        ("hostIPs", Keyed(Object("io.k8s.api.core.v1.HostIP", ["ip"], ("ip", Text)), "ip")),
        ("podIP", Text), ("podIPs", Keyed(Object("io.k8s.api.core.v1.PodIP", ["ip"], ("ip", Text)), "ip")),
        ("startTime", Time), ("qosClass", Text), ("nominatedNodeName", Text), ("resize", Text), ("observedGeneration", Long),
        ("initContainerStatuses", Atomic(ContainerStatus)), ("containerStatuses", Atomic(ContainerStatus)),
        ("ephemeralContainerStatuses", Atomic(ContainerStatus)),
        ("resourceClaimStatuses", Keyed(Opaque("io.k8s.api.core.v1.PodResourceClaimStatus"), "name")));

    public static SchemaNode WorkloadStatus(string definition, string conditionDefinition, params (string Name, SchemaNode Node)[] counts) =>
        Object(definition, [("observedGeneration", Long), .. counts,
            ("conditions", Keyed(Condition(conditionDefinition), "type")), ("collisionCount", Int)]);

    public static SchemaNode DeploymentStrategy { get; } = Object("io.k8s.api.apps.v1.DeploymentStrategy",
        ("type", Text),
        ("rollingUpdate", Object("io.k8s.api.apps.v1.RollingUpdateDeployment", ("maxUnavailable", IntOrString), ("maxSurge", IntOrString))));

    public static SchemaNode ServicePort { get; } = Object("io.k8s.api.core.v1.ServicePort", ["port"],
        ("name", Text), ("protocol", Protocol), ("appProtocol", Text), ("port", Int),
        ("targetPort", IntOrString), ("nodePort", Int));

    public static SchemaNode JobSpec { get; } = Object("io.k8s.api.batch.v1.JobSpec", ["template"],
        ("parallelism", Int), ("completions", Int), ("activeDeadlineSeconds", Long),
        ("backoffLimit", Int), ("selector", LabelSelector), ("manualSelector", Bool),
        ("ttlSecondsAfterFinished", Int), ("completionMode", Text), ("suspend", Bool),
        ("podReplacementPolicy", Text), ("template", PodTemplateSpec),
        ("podFailurePolicy", Opaque("io.k8s.api.batch.v1.PodFailurePolicy")), ("successPolicy", Opaque("io.k8s.api.batch.v1.SuccessPolicy")),
        ("backoffLimitPerIndex", Int), ("maxFailedIndexes", Int), ("managedBy", Text));

    public static SchemaNode ObjectReference { get; } = Object("io.k8s.api.core.v1.ObjectReference",
        ("kind", Text), ("namespace", Text), ("name", Text), ("uid", Text), ("apiVersion", Text), ("resourceVersion", Text), ("fieldPath", Text));

    public static SchemaNode IngressBackend { get; } = Object("io.k8s.api.networking.v1.IngressBackend",
        ("service", Object("io.k8s.api.networking.v1.IngressServiceBackend", ["name"], ("name", Text),
            ("port", Object("io.k8s.api.networking.v1.ServiceBackendPort", ("name", Text), ("number", Int))))),
        ("resource", Opaque("io.k8s.api.core.v1.TypedLocalObjectReference")));

    public static SchemaNode CrdNames { get; } = Object("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionNames", ["plural", "kind"],
        ("plural", Text), ("singular", Text), ("shortNames", Strings), ("kind", Text), ("listKind", Text), ("categories", Strings));

    public static SchemaNode PolicyRule { get; } = Object("io.k8s.api.rbac.v1.PolicyRule", ["verbs"],
        ("verbs", Strings), ("apiGroups", Strings), ("resources", Strings), ("resourceNames", Strings), ("nonResourceURLs", Strings));

    public static SchemaNode Subject { get; } = Object("io.k8s.api.rbac.v1.Subject", ["kind", "name"],
        ("kind", Text), ("apiGroup", Text), ("name", Text), ("namespace", Text));

    public static SchemaNode RoleRef { get; } = Object("io.k8s.api.rbac.v1.RoleRef", ["apiGroup", "kind", "name"],
        ("apiGroup", Text), ("kind", Text), ("name", Text));
}
