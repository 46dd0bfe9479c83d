using Pipelines.Config;

namespace Pipelines.Tests.Config;

/// <summary>
/// pipelines.yaml that must parse: each optional key on its own, its default when left out or null, and the YAML spellings a
/// person writes (flow style, quotes, comments, CRLF, a BOM). Each row gives what every environment reads as, one line each.
/// </summary>
public class PipelinesConfigValidTests
{
    private const string Staging = "environments:\n  staging:\n    path: environments/staging\n";
    private const string Defaults = "staging path=environments/staging namespace=default automation=Manual tagFilter=glob:* context=- kubeconfig=- promoteFrom=- line=2";

    public static TheoryData<string, string, string> Valid() => new()
    {
        { "path only: every default", Staging, Defaults },
        { "path's slashes trimmed", "environments:\n  staging:\n    path: /environments/staging/\n", Defaults },
        { "optional keys null: their defaults", Staging + "    namespace:\n    automation: ~\n    tagFilter: null\n    cluster:\n    promoteFrom:\n    images:\n", Defaults },
        { "namespace", Staging + "    namespace: sock-shop\n", Defaults.Replace("namespace=default", "namespace=sock-shop") },
        { "automation automatic", Staging + "    automation: automatic\n", Defaults.Replace("Manual", "Automatic") },
        { "automation manual", Staging + "    automation: manual\n", Defaults },
        { "automation in capitals", Staging + "    automation: Automatic\n", Defaults.Replace("Manual", "Automatic") },
        { "automation quoted", Staging + "    automation: \"automatic\"\n", Defaults.Replace("Manual", "Automatic") },
        { "tagFilter glob", Staging + "    tagFilter: \"glob:master-*\"\n", Defaults.Replace("glob:*", "glob:master-*") },
        { "tagFilter semver", Staging + "    tagFilter: \"semver:~1.2\"\n", Defaults.Replace("glob:*", "semver:~1.2") },
        { "tagFilter regex", Staging + "    tagFilter: 'regex:^v\\d+$'\n", Defaults.Replace("glob:*", "regex:^v\\d+$") },
        { "tagFilter with ignore", Staging + "    tagFilter: \"semver:>=1.0.0 ignore:*-rc*\"\n", Defaults.Replace("glob:*", "semver:>=1.0.0 ignore:*-rc*") },
        { "tagFilter without a kind is a glob", Staging + "    tagFilter: \"v*\"\n", Defaults.Replace("glob:*", "v*") },
        { "cluster context", Staging + "    cluster: { context: staging }\n", Defaults.Replace("context=-", "context=staging") },
        { "cluster kubeconfig", Staging + "    cluster:\n      kubeconfig: clusters/staging.yaml\n", Defaults.Replace("kubeconfig=-", "kubeconfig=clusters/staging.yaml") },
        { "cluster context and kubeconfig", Staging + "    cluster: {context: prod, kubeconfig: k.yaml}\n",
            Defaults.Replace("context=-", "context=prod").Replace("kubeconfig=-", "kubeconfig=k.yaml") },
        { "cluster empty", Staging + "    cluster: {}\n", Defaults },
        { "cluster context null (was: the context named \"null\")", Staging + "    cluster: {context: null}\n", Defaults },
        { "cluster context empty (was: the context named \"\")", Staging + "    cluster:\n      context:\n", Defaults },
        { "promoteFrom", "environments:\n  staging: {path: s}\n  production:\n    path: p\n    promoteFrom: staging\n",
            "staging path=s namespace=default automation=Manual tagFilter=glob:* context=- kubeconfig=- promoteFrom=- line=2\n" +
            "production path=p namespace=default automation=Manual tagFilter=glob:* context=- kubeconfig=- promoteFrom=staging line=3" },
        { "promoteFrom chain, declared before its source", "environments:\n  prod: {path: p, promoteFrom: qa}\n  qa: {path: q, promoteFrom: dev}\n  dev: {path: d}\n",
            "prod path=p namespace=default automation=Manual tagFilter=glob:* context=- kubeconfig=- promoteFrom=qa line=2\n" +
            "qa path=q namespace=default automation=Manual tagFilter=glob:* context=- kubeconfig=- promoteFrom=dev line=3\n" +
            "dev path=d namespace=default automation=Manual tagFilter=glob:* context=- kubeconfig=- promoteFrom=- line=4" },
        { "every key at once, flow style",
            "environments: {staging: {path: s, namespace: shop, automation: automatic, tagFilter: 'semver:^2', cluster: {context: c}, images: []}}\n",
            "staging path=s namespace=shop automation=Automatic tagFilter=semver:^2 context=c kubeconfig=- promoteFrom=- line=1" },
        { "comments, blank lines, a document start and end", "# pipelines\n---\nenvironments:   # all of them\n\n  staging:\n    path: environments/staging  # required\n...\n",
            Defaults.Replace("line=2", "line=5") },
        { "an empty document after the first", Staging + "---\n", Defaults },
        { "CRLF line ends", Staging.Replace("\n", "\r\n"), Defaults },
        { "a UTF-8 byte order mark", "\uFEFF" + Staging, Defaults },
        { "an anchor on a value (aliases are refused, anchors are not)", Staging + "    namespace: &ns shop\n", Defaults.Replace("namespace=default", "namespace=shop") },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parses(string what, string yaml, string expected)
    {
        var config = PipelinesConfig.Parse(yaml);

        Assert.True(expected == string.Join("\n", config.Environments.Select(Describe)), $"{what}:\n{string.Join("\n", config.Environments.Select(Describe))}");
    }

    private static string Describe(EnvironmentConfig e) =>
        $"{e.Name} path={e.Path} namespace={e.Namespace} automation={e.Automation} tagFilter={e.TagFilter} context={e.KubeContext ?? "-"} " +
        $"kubeconfig={e.Kubeconfig ?? "-"} promoteFrom={e.PromoteFrom ?? "-"} line={e.Line}";

    private const string Images = Staging + "    images:\n";

    /// <summary>images: entries: each optional key, and what is left null when it is not given.</summary>
    public static TheoryData<string, string, string> ValidImages() => new()
    {
        { "repository and tag", Images + "    - {file: charts/shop/values.yaml, workload: sock-shop/front-end, repository: image.repository, tag: image.tag}\n",
            "file=charts/shop/values.yaml workload=sock-shop/front-end container=- image=- repository=image.repository tag=image.tag digest=- tagFilter=- automated=- line=5" },
        { "repository, tag and digest", Images + "    - {file: v.yaml, workload: w, repository: r, tag: t, digest: d}\n",
            "file=v.yaml workload=w container=- image=- repository=r tag=t digest=d tagFilter=- automated=- line=5" },
        { "image, a whole reference", Images + "    - {file: v.yaml, workload: shop:statefulset/db, image: db.image}\n",
            "file=v.yaml workload=shop:statefulset/db container=- image=db.image repository=- tag=- digest=- tagFilter=- automated=- line=5" },
        { "container", Images + "    - {file: v.yaml, workload: w, container: sidecar, image: 'sidecars[0].image'}\n",
            "file=v.yaml workload=w container=sidecar image=sidecars[0].image repository=- tag=- digest=- tagFilter=- automated=- line=5" },
        { "tagFilter", Images + "    - {file: v.yaml, workload: w, image: i, tagFilter: \"semver:~1.0\"}\n",
            "file=v.yaml workload=w container=- image=i repository=- tag=- digest=- tagFilter=semver:~1.0 automated=- line=5" },
        { "automated true", Images + "    - {file: v.yaml, workload: w, image: i, automated: true}\n",
            "file=v.yaml workload=w container=- image=i repository=- tag=- digest=- tagFilter=- automated=True line=5" },
        { "automated false", Images + "    - {file: v.yaml, workload: w, image: i, automated: false}\n",
            "file=v.yaml workload=w container=- image=i repository=- tag=- digest=- tagFilter=- automated=False line=5" },
        { "automated True (YAML's capitalised boolean)", Images + "    - {file: v.yaml, workload: w, image: i, automated: True}\n",
            "file=v.yaml workload=w container=- image=i repository=- tag=- digest=- tagFilter=- automated=True line=5" },
        { "automated quoted", Images + "    - {file: v.yaml, workload: w, image: i, automated: \"false\"}\n",
            "file=v.yaml workload=w container=- image=i repository=- tag=- digest=- tagFilter=- automated=False line=5" },
        { "optional keys null", Images + "    - file: v.yaml\n      workload: w\n      image: i\n      container:\n      tagFilter: ~\n      automated:\n",
            "file=v.yaml workload=w container=- image=i repository=- tag=- digest=- tagFilter=- automated=- line=5" },
        { "two entries, block style, in order", Images +
            "      - file: a.yaml\n        workload: a\n        image: i\n      - file: b.yaml\n        workload: b\n        repository: r\n        tag: t\n",
            "file=a.yaml workload=a container=- image=i repository=- tag=- digest=- tagFilter=- automated=- line=5\n" +
            "file=b.yaml workload=b container=- image=- repository=r tag=t digest=- tagFilter=- automated=- line=8" },
        { "an empty list", Staging + "    images: []\n", "" },
        { "null", Staging + "    images:\n", "" },
    };

    [Theory]
    [MemberData(nameof(ValidImages))]
    public void Declared_images_parse(string what, string yaml, string expected)
    {
        var images = PipelinesConfig.Parse(yaml).Environments.Single().Images;

        var actual = string.Join("\n", images.Select(Describe));
        Assert.True(expected == actual, $"{what}:\n{actual}");
    }

    private static string Describe(DeclaredImage i) =>
        $"file={i.File} workload={i.Workload} container={i.Container ?? "-"} image={i.Image ?? "-"} repository={i.Repository ?? "-"} tag={i.Tag ?? "-"} " +
        $"digest={i.Digest ?? "-"} tagFilter={i.TagFilter ?? "-"} automated={(i.Automated is { } a ? a.ToString() : "-")} line={i.Line}";
}
