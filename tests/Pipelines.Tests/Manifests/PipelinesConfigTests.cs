using Pipelines.Config;
using Pipelines.Manifests;

namespace Pipelines.Tests.Manifests;

public class PipelinesConfigTests
{
    [Theory]
    [InlineData("environments:\n  staging:\n    path: envs/staging\n    automaton: manual\n", "pipelines.yaml:4:5: unknown key 'automaton'; allowed here: path, namespace, automation, tagFilter, cluster, promoteFrom.")]
    [InlineData("environments:\n  staging:\n    namespace: shop\n", "pipelines.yaml:2:3: environment 'staging' has no 'path:'; add e.g. path: environments/staging.")]
    [InlineData("environments:\n  production:\n    path: p\n    promoteFrom: stagign\n", "environment 'production' promotes from 'stagign', which is not an environment")]
    [InlineData("environments:\n  a: {path: a, promoteFrom: b}\n  b: {path: b, promoteFrom: a}\n", "promoteFrom forms a cycle: a <- b <- a")]
    [InlineData("environments:\n  a: {path: a, automation: sometimes}\n", "automation 'sometimes' is not valid; write automatic or manual.")]
    [InlineData("enviroments:\n  a: {path: a}\n", "pipelines.yaml:1:1: unknown key 'enviroments'; allowed here: environments.")]
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
}
