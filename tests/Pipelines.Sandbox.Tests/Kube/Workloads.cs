using k8s.Models;

namespace Pipelines.Sandbox.Tests.Kube;

/// <summary>Objects the tests create.</summary>
internal static class Workloads
{
    public static V1Deployment Deployment(string name, string image, int replicas = 2, int? progressDeadlineSeconds = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            ProgressDeadlineSeconds = progressDeadlineSeconds,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = name, Image = image,
                            Ports = [new V1ContainerPort { ContainerPort = 8080 }],
                        },
                    ],
                },
            },
        },
    };

    public static V1ConfigMap ConfigMap(string name, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Data = new Dictionary<string, string> { ["key"] = "value" },
    };
}
