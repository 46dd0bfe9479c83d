using Pipelines.Config;
using Pipelines.Manifests;

namespace Pipelines.Tests.Manifests;

public class AnnotationEditTests
{
    private const string Id = "default:deployment/app";

    private static string Set(string yaml, string key, string? value) => AnnotationEdit.Set(yaml, "app.yaml", Id, key, value, "default");

    [Fact]
    public void Adds_annotations_in_the_files_own_indentation_when_there_are_none()
    {
        var yaml = "kind: Deployment\nmetadata:\n    name: app   # the app\n    labels:\n        a: b\nspec: {}\n";
        Assert.Equal("kind: Deployment\nmetadata:\n    annotations:\n      pipelines/locked: \"true\"\n    name: app   # the app\n    labels:\n        a: b\nspec: {}\n",
            Set(yaml, "pipelines/locked", "true"));
    }

    [Fact]
    public void Adds_in_flow_style_inside_a_flow_mapping()
    {
        var yaml = "kind: Deployment\nmetadata: {name: app}\nspec: {}\n";
        Assert.Equal("kind: Deployment\nmetadata: {name: app, annotations: {pipelines/automated: \"false\"}}\nspec: {}\n", Set(yaml, "pipelines/automated", "false"));
        var nested = "kind: Deployment\nmetadata: {name: app, labels: {a: b}}\n";
        Assert.Equal("kind: Deployment\nmetadata: {name: app, labels: {a: b}, annotations: {x: \"1\"}}\n", Set(nested, "x", "1"));
    }

    [Fact]
    public void Changes_only_the_value_of_an_existing_key_and_keeps_its_quotes()
    {
        var yaml = "kind: Deployment\nmetadata:\n  name: app\n  annotations:\n    pipelines/locked: 'false'   # unlocked on Monday\n    other: x\n";
        Assert.Equal(yaml.Replace("'false'", "'true'"), Set(yaml, "pipelines/locked", "true"));
    }

    [Fact]
    public void Adds_a_key_beside_existing_ones_and_removes_keys_whole()
    {
        var yaml = "kind: Deployment\r\nmetadata:\r\n  name: app\r\n  annotations:\r\n    other: x\r\n";
        var added = Set(yaml, "pipelines/locked-by", "alice");
        Assert.Equal("kind: Deployment\r\nmetadata:\r\n  name: app\r\n  annotations:\r\n    pipelines/locked-by: \"alice\"\r\n    other: x\r\n", added);
        Assert.Equal(yaml, Set(added, "pipelines/locked-by", null));
    }

    [Fact]
    public void Removes_from_a_flow_mapping()
    {
        var yaml = "kind: Deployment\nmetadata: {name: app, annotations: {a: \"1\", pipelines/locked: \"true\", b: \"2\"}}\n";
        Assert.Equal("kind: Deployment\nmetadata: {name: app, annotations: {a: \"1\", b: \"2\"}}\n", Set(yaml, "pipelines/locked", null));
        Assert.Equal("kind: Deployment\nmetadata: {name: app, annotations: {pipelines/locked: \"true\", b: \"2\"}}\n", Set(yaml, "a", null));
    }

    [Fact]
    public void Policy_reads_annotations_with_flux_v1_aliases_and_environment_defaults()
    {
        var staging = new EnvironmentConfig("staging", "environments/staging", "shop", Automation.Automatic, "glob:*", null, null, null, 1);
        var policy = WorkloadPolicy.From(new Dictionary<string, string>
        {
            ["fluxcd.io/locked"] = "true",
            ["fluxcd.io/locked_user"] = "bob",
            ["flux.weave.works/tag.app"] = "semver:~1.2",
            ["pipelines/tag.app"] = "glob:release-*",
        }, staging);

        Assert.True(policy.Automated);
        Assert.True(policy.Locked);
        Assert.Equal("bob", policy.LockedBy);
        Assert.Equal("glob:release-*", policy.TagFilterFor("app", staging)); // pipelines/ wins over the aliases
        Assert.Equal("glob:*", policy.TagFilterFor("sidecar", staging));
        Assert.False(WorkloadPolicy.From(new Dictionary<string, string> { ["pipelines/automated"] = "false" }, staging).Automated);
    }
}
