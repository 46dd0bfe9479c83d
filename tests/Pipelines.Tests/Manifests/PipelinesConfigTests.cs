using Pipelines.Config;
using Pipelines.Manifests;
using Pipelines.Yaml;

namespace Pipelines.Tests.Manifests;

public class PipelinesConfigTests
{
    [Theory]
    [InlineData("environments:\n  staging:\n    path: envs/staging\n    automaton: manual\n", "pipelines.yaml:4:5: unknown key 'automaton'; allowed here: path, namespace, automation, tagFilter, cluster, promoteFrom, images, windows.")]
    [InlineData("environments:\n  staging:\n    namespace: shop\n", "pipelines.yaml:2:3: environment 'staging' has no 'path:'; add e.g. path: environments/staging.")]
    [InlineData("environments:\n  production:\n    path: p\n    promoteFrom: stagign\n", "environment 'production' promotes from 'stagign', which is not an environment")]
    [InlineData("environments:\n  a: {path: a, promoteFrom: b}\n  b: {path: b, promoteFrom: a}\n", "promoteFrom forms a cycle: a <- b <- a")]
    [InlineData("environments:\n  a: {path: a, automation: sometimes}\n", "automation 'sometimes' is not valid; write automatic or manual.")]
    [InlineData("enviroments:\n  a: {path: a}\n", "pipelines.yaml:1:1: unknown key 'enviroments'; allowed here: environments, access.")]
    public void Mistakes_are_reported_with_file_line_and_what_to_write(string yaml, string message)
    {
        var error = Assert.Throws<ManifestException>(() => PipelinesConfig.Parse(yaml));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Defaults_apply_where_an_environment_says_nothing()
    {
        var environment = PipelinesConfig.Parse("environments:\n  qa: {path: /environments/qa/}\n").Environments.Single();
        Assert.Equal(("environments/qa", "default", Automation.Manual, "glob:*"), (environment.Path, environment.Namespace, environment.Automation, environment.TagFilter));
    }

    [Theory]
    [InlineData("environments:\n  s:\n    path: s\n    images:\n    - {file: v.yaml, workload: shop/web, tag: image.tag, registry: x}\n",
        "pipelines.yaml:5:58: unknown key 'registry'; allowed here: file, workload, container, image, repository, tag, digest, tagFilter, automated.")]
    [InlineData("environments:\n  s:\n    path: s\n    images:\n    - {workload: shop/web, tag: image.tag}\n", "pipelines.yaml:5:7: an images: entry has no 'file:'; add e.g. file: charts/shop/values.yaml.")]
    [InlineData("environments:\n  s:\n    path: s\n    images:\n    - {file: v.yaml, workload: shop/web, tag: image.tag}\n",
        "does not say where its image is; give image: (the path of a whole reference), or repository: and tag:")]
    [InlineData("environments:\n  s:\n    path: s\n    images: {file: v.yaml}\n", "environment 's': images: must be a list")]
    public void Declared_images_are_checked_with_line_and_what_to_write(string yaml, string message)
    {
        var error = Assert.Throws<ManifestException>(() => PipelinesConfig.Parse(yaml));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Declared_images_are_read_with_their_paths()
    {
        var declared = PipelinesConfig.Parse("environments:\n  s:\n    path: s\n    images:\n    - file: charts/shop/values.yaml\n      workload: sock-shop/front-end\n" +
            "      repository: image.repository\n      tag: image.tag\n      tagFilter: \"semver:~1\"\n").Environments.Single().Images.Single();
        Assert.Equal(new DeclaredImage("charts/shop/values.yaml", "sock-shop/front-end", null, null, "image.repository", "image.tag", null, "semver:~1", null, 5), declared);
    }
}
