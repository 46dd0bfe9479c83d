using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Protobuf;

/// <summary>
/// Request bodies in the Kubernetes protobuf encoding, read into the JSON the rest of the emulator works on: the
/// <c>k8s\0</c> magic, a runtime.Unknown envelope naming apiVersion and kind, and the object's message, decoded by the
/// field numbers of <see cref="ProtoMessages"/>. What a typed decode would treat as absent (empty strings and messages,
/// zero times and int-or-strings) is left out, so the JSON is what a client would have sent as JSON.
/// </summary>
public static class KubeProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    /// <exception cref="FormatException">The body is not a Kubernetes protobuf object of a served type.</exception>
    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new FormatException("the body does not start with the Kubernetes protobuf magic number");
        var envelope = Read(new ProtoReader(body.AsMemory(Magic.Length)), "k8s.io.apimachinery.pkg.runtime.Unknown") as JsonObject
                       ?? throw new FormatException("the body holds no runtime.Unknown envelope");
        var apiVersion = (string?)envelope["typeMeta"]?["apiVersion"] ?? "";
        var kind = (string?)envelope["typeMeta"]?["kind"] ?? throw new FormatException("the envelope names no kind");
        var message = MessageName(apiVersion, kind);
        var raw = Convert.FromBase64String((string?)envelope["raw"] ?? "");
        var obj = Read(new ProtoReader(raw), message) as JsonObject ?? new JsonObject();
        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        foreach (var (key, value) in obj) result[key] = value?.DeepClone();
        return result;
    }

    private static string MessageName(string apiVersion, string kind)
    {
        var (group, version) = apiVersion.Contains('/') ? (apiVersion[..apiVersion.IndexOf('/')], apiVersion[(apiVersion.IndexOf('/') + 1)..]) : ("", apiVersion);
        var package = group switch
        {
            "" when kind == "DeleteOptions" => "k8s.io.apimachinery.pkg.apis.meta",
            "" => "k8s.io.api.core",
            "rbac.authorization.k8s.io" => "k8s.io.api.rbac",
            "networking.k8s.io" => "k8s.io.api.networking",
            "coordination.k8s.io" => "k8s.io.api.coordination",
            "meta.k8s.io" => "k8s.io.apimachinery.pkg.apis.meta",
            "authorization.k8s.io" => "k8s.io.api.authorization",
            _ => "k8s.io.api." + group,
        };
        var name = $"{package}.{version}.{kind}";
        return ProtoMessages.Get(name) is null ? throw new FormatException($"{apiVersion} {kind} cannot be read from protobuf here; send it as JSON") : name;
    }

    private static JsonNode? Read(ProtoReader reader, string type)
    {
        switch (type)
        {
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Time":
            case "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime":
            {
                    long seconds = 0, nanos = 0;
                    while (reader.Next(out var n, out var wire))
                    {
                        if (n == 1) seconds = (long)reader.Varint();
                        else if (n == 2) nanos = (long)reader.Varint();
                        else reader.Skip(wire);
                    }
                    if (seconds == 0 && nanos == 0) return null;
                    var at = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
                    return type.EndsWith("MicroTime", StringComparison.Ordinal)
                        ? at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)
                        : at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            }
            case "k8s.io.apimachinery.pkg.api.resource.Quantity":
            {
                    string? quantity = null;
                    while (reader.Next(out var n, out var wire))
                        if (n == 1) quantity = reader.String();
                        else reader.Skip(wire);
                    return string.IsNullOrEmpty(quantity) ? null : quantity;
            }
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString":
            {
                    long kind = 0, intVal = 0;
                    string? strVal = null;
                    while (reader.Next(out var n, out var wire))
                        if (n == 1) kind = (long)reader.Varint();
                        else if (n == 2) intVal = (int)reader.Varint();
                        else if (n == 3) strVal = reader.String();
                        else reader.Skip(wire);
                    return kind == 1 ? (string.IsNullOrEmpty(strVal) ? null : JsonValue.Create(strVal)) : intVal == 0 ? null : JsonValue.Create(intVal);
            }
            case "k8s.io.apimachinery.pkg.runtime.RawExtension":
            case "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1":
            {
                    byte[]? raw = null;
                    while (reader.Next(out var n, out var wire))
                        if (n == 1) raw = reader.Bytes().ToArray();
                        else reader.Skip(wire);
                    return raw is null || raw.Length == 0 ? null : JsonNode.Parse(raw);
            }
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Duration":
            {
                    long duration = 0;
                    while (reader.Next(out var n, out var wire))
                        if (n == 1) duration = (long)reader.Varint();
                        else reader.Skip(wire);
                    return $"{duration / 1_000_000_000.0:0.#########}s";
            }
        }
        var message = ProtoMessages.Get(type) ?? throw new FormatException($"no message {type}");
        var obj = new JsonObject();
        while (reader.Next(out var number, out var wireType))
        {
            if (message.Field(number) is not { } field)
            {
                reader.Skip(wireType);
                continue;
            }
            switch (field.Label)
            {
                case ProtoLabel.Map:
                    var entry = new ProtoReader(reader.Bytes());
                    string key = "";
                    JsonNode? value = null;
                    while (entry.Next(out var n, out var wire))
                        if (n == 1) key = entry.String();
                        else if (n == 2) value = Value(entry, wire, field.Type);
                        else entry.Skip(wire);
                    var map = obj[field.Name] as JsonObject ?? new JsonObject();
                    map[key] = value ?? (field.Type == "string" ? "" : null);
                    obj[field.Name] = map;
                    break;
                case ProtoLabel.Repeated:
                    var list = obj[field.Name] as JsonArray ?? new JsonArray();
                    if (wireType == 2 && IsPackable(field.Type))
                    {
                        var packed = new ProtoReader(reader.Bytes());
                        while (!packed.AtEnd) list.Add(Value(packed, field.Type == "double" ? 1 : 0, field.Type));
                    }
                    else list.Add(Value(reader, wireType, field.Type) ?? (field.Type == "string" ? "" : new JsonObject()));
                    obj[field.Name] = list;
                    break;
                case ProtoLabel.Inline:
                    if (Value(reader, wireType, field.Type) is JsonObject embedded)
                        foreach (var (name, inlined) in embedded) obj[name] = inlined?.DeepClone();
                    break;
                default:
                    var single = Value(reader, wireType, field.Type);
                    if (single is null || single is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.GetValue<string>().Length == 0) obj.Remove(field.Name);
                    else obj[field.Name] = single;
                    break;
            }
        }
        return obj.Count == 0 ? null : obj;
    }

    private static bool IsPackable(string type) => type is "int32" or "int64" or "bool" or "double" or "uint32" or "uint64";

    private static JsonNode? Value(ProtoReader reader, int wireType, string type) => type switch
    {
        "string" => JsonValue.Create(reader.String()),
        "bytes" => JsonValue.Create(Convert.ToBase64String(reader.Bytes().Span)),
        "bool" => JsonValue.Create(reader.Varint() != 0),
        "int32" => JsonValue.Create((int)reader.Varint()),
        "int64" => JsonValue.Create((long)reader.Varint()),
        "uint32" or "uint64" => JsonValue.Create(reader.Varint()),
        "double" => JsonValue.Create(BitConverter.Int64BitsToDouble((long)reader.Fixed64())),
        _ => wireType == 2 ? Read(new ProtoReader(reader.Bytes()), type) : throw new FormatException($"field of type {type} is not length-delimited"),
    };
}

/// <summary>Reads the protobuf wire format: tags, varints, fixed-size numbers and length-delimited bytes.</summary>
internal sealed class ProtoReader(ReadOnlyMemory<byte> data)
{
    private int _at;

    public bool AtEnd => _at >= data.Length;

    public bool Next(out int number, out int wireType)
    {
        if (AtEnd)
        {
            (number, wireType) = (0, 0);
            return false;
        }
        var tag = Varint();
        (number, wireType) = ((int)(tag >> 3), (int)(tag & 7));
        return true;
    }

    public ulong Varint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (AtEnd) throw new FormatException("a varint runs past the end of the message");
            var b = data.Span[_at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
        throw new FormatException("a varint is longer than 10 bytes");
    }

    public ulong Fixed64()
    {
        var value = BitConverter.ToUInt64(Take(8).Span);
        return value;
    }

    public ReadOnlyMemory<byte> Bytes() => Take((int)Varint());

    public string String() => Encoding.UTF8.GetString(Bytes().Span);

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: Varint(); break;
            case 1: Take(8); break;
            case 2: Bytes(); break;
            case 5: Take(4); break;
            default: throw new FormatException($"wire type {wireType} cannot be skipped");
        }
    }

    private ReadOnlyMemory<byte> Take(int count)
    {
        if (count < 0 || _at + count > data.Length) throw new FormatException("a field runs past the end of the message");
        var slice = data.Slice(_at, count);
        _at += count;
        return slice;
    }
}
