using System.Text.Json.Nodes;
using Pipelines.Kubernetes;

namespace Pipelines.Tests.Kubernetes;

public class ApplyOrderAndPatchTests
{
    [Fact]
    public void Namespaces_and_config_come_before_the_workloads_that_need_them()
    {
        var kinds = new[] { "Deployment", "Service", "Ingress", "ConfigMap", "Namespace", "CronJob", "ServiceAccount" };
        Assert.Equal(["Namespace", "ServiceAccount", "ConfigMap", "Service", "Deployment", "CronJob", "Ingress"], ApplyOrder.Sort(kinds, k => k));
    }

    [Fact]
    public void Image_patch_names_only_the_container_so_others_are_kept()
    {
        var patch = JsonNode.Parse(ImagePatch.For("Deployment", "front-end", "weaveworksdemos/front-end:0.3.13"))!;
        var container = patch["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("front-end", (string?)container["name"]);
        Assert.Equal("weaveworksdemos/front-end:0.3.13", (string?)container["image"]);
        Assert.Equal(2, container.AsObject().Count);

        var cron = JsonNode.Parse(ImagePatch.For("CronJob", "report", "report:2"))!;
        Assert.Equal("report:2", (string?)cron["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Throws<ArgumentException>(() => ImagePatch.For("Service", "x", "y"));
    }
}
