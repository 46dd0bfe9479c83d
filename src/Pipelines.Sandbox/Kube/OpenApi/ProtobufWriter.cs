using System.Text;

namespace Pipelines.Sandbox.Kube.OpenApi;

/// <summary>The protobuf wire format, as far as a document of strings, booleans and nested messages needs it.</summary>
internal sealed class ProtobufWriter
{
    private readonly MemoryStream _bytes = new();

    public byte[] ToArray() => _bytes.ToArray();

    public ProtobufWriter String(int field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return this;
        return Bytes(field, Encoding.UTF8.GetBytes(value));
    }

    public ProtobufWriter Bool(int field, bool value)
    {
        if (!value) return this;
        Tag(field, 0);
        Varint(1);
        return this;
    }

    public ProtobufWriter Message(int field, ProtobufWriter message) => Bytes(field, message.ToArray());

    public ProtobufWriter Bytes(int field, byte[] value)
    {
        Tag(field, 2);
        Varint((ulong)value.Length);
        _bytes.Write(value);
        return this;
    }

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _bytes.WriteByte((byte)value);
    }
}
