namespace Pipelines.Sandbox.Kube.Protobuf;

internal enum ProtoLabel
{
    Single,
    Repeated,
    /// <summary>map&lt;string, T&gt;: repeated entries of { key = 1, value = 2 }.</summary>
    Map,
    /// <summary>An embedded Go struct (json:",inline"): its fields are the parent's in JSON (a Volume's volumeSource).</summary>
    Inline,
}

/// <summary>One field of a message: its number on the wire, its JSON name, its type (a scalar or a message's full name).</summary>
internal sealed record ProtoField(int Number, string Name, string Type, ProtoLabel Label);

internal sealed class ProtoMessage(IReadOnlyList<ProtoField> fields)
{
    private readonly Dictionary<int, ProtoField> _byNumber = fields.ToDictionary(f => f.Number);

    public ProtoField? Field(int number) => _byNumber.GetValueOrDefault(number);
}

/// <summary>The messages of the Kubernetes API types the emulator serves, by full name (k8s.io.api.core.v1.Namespace).</summary>
internal static partial class ProtoMessages
{
    private static readonly Dictionary<string, ProtoMessage> All = Generated();

    public static ProtoMessage? Get(string name) => All.GetValueOrDefault(name);

    private static ProtoField F(int number, string name, string type, ProtoLabel label) => new(number, name, type, label);
}
