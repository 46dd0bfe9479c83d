using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Store;

/// <summary>
/// The store saved as one JSON file (state.json in the state folder): the revision and every object.
/// Written to a temporary file and moved into place, so a crash leaves the previous state whole.
/// </summary>
public sealed class StateFile(string directory, KindCatalog catalog)
{
    public string Path { get; } = System.IO.Path.Combine(directory, "state.json");

    /// <summary>Loads the saved state into the store; false when there is none yet.</summary>
    public bool Load(ObjectStore store)
    {
        if (!File.Exists(Path)) return false;
        var root = JsonNode.Parse(File.ReadAllText(Path)) as JsonObject
                   ?? throw new InvalidDataException($"{Path}: not a JSON object; delete it to start empty");
        var objects = new List<(ResourceKind, JsonObject)>();
        var saved = (root["objects"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        // Custom resources need their kinds: the established CRDs' kinds are served before anything is restored.
        foreach (var crd in saved.Where(o => (string?)o["kind"] == "CustomResourceDefinition"
                     && (o["status"]?["conditions"] as JsonArray)?.Any(c => (string?)c?["type"] == "Established" && (string?)c?["status"] == "True") == true))
            foreach (var kind in CustomSchema.KindsOf(crd)) catalog.Add(kind);
        foreach (var o in saved)
        {
            var kind = catalog.ByKind((string?)o["apiVersion"] ?? "", (string?)o["kind"] ?? "")
                       ?? throw new InvalidDataException($"{Path}: unknown kind {o["apiVersion"]}/{o["kind"]}");
            objects.Add((kind, o));
        }
        store.Restore((long?)root["resourceVersion"] ?? 0, objects);
        return true;
    }

    public void Save(ObjectStore store)
    {
        var (revision, objects) = store.Snapshot();
        var root = new JsonObject
        {
            ["resourceVersion"] = revision,
            ["objects"] = new JsonArray(objects.Select(o => (JsonNode)o.Object).ToArray()),
        };
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, Path, overwrite: true);
    }
}
