using Pipelines.Manifests;

namespace Pipelines.Tests.Manifests;

public class WorkloadReaderTests
{
    [Fact]
    public void Finds_every_workload_kind_with_ids_containers_and_annotations()
    {
        var yaml = """
            apiVersion: v1
            kind: List
            items:
            - kind: Deployment
              metadata: {name: front-end, namespace: sock-shop, annotations: {pipelines/locked: "true"}}
              spec: {template: {spec: {containers: [{name: front-end, image: "weaveworksdemos/front-end:0.3.12"}]}}}
            - kind: StatefulSet
              metadata: {name: carts-db}
              spec: {template: {spec: {containers: [{name: mongo, image: mongo:4}]}}}
            ---
            kind: CronJob
            metadata:
              name: report
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      initContainers:
                      - name: wait
                        image: busybox:1
                      containers:
                      - name: report
                        image: report:2
            ---
            kind: Service
            metadata: {name: front-end}
            """;
        var workloads = WorkloadReader.Read("all.yaml", yaml, "staging-ns");

        Assert.Equal(["sock-shop:deployment/front-end", "staging-ns:statefulset/carts-db", "staging-ns:cronjob/report"], workloads.Select(w => w.Id));
        Assert.Equal("true", workloads[0].Annotations["pipelines/locked"]);
        Assert.Equal(1, workloads[2].DocumentIndex);
        Assert.Equal([("wait", true), ("report", false)], workloads[2].Containers.Select(c => (c.Name, c.IsInit)));
    }

    [Fact]
    public void Alias_bombs_cost_nothing_because_aliases_are_never_expanded()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
        Assert.Empty(WorkloadReader.Read("bomb.yaml", bomb, "default"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    public void A_key_repeated_in_a_mapping_of_any_size_is_refused_naming_both_lines(int keys)
    {
        var data = string.Concat(Enumerable.Range(1, keys).Select(i => $"  key-{i}: v\n"));
        var text = $"kind: ConfigMap\nmetadata: {{name: settings}}\ndata:\n{data}  key-2: again\n";
        var error = Assert.Throws<Pipelines.Yaml.ManifestException>(() => WorkloadReader.Read("settings.yaml", text, "shop"));
        Assert.StartsWith($"settings.yaml:{keys + 4}:3: repeats the key 'key-2' (first at line 5);", error.Message);
    }
}
