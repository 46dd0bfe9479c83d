using System.Text;

namespace Pipelines.Targets.Output;

/// <summary>A writer that masks secrets line by line, so that a secret split over several
/// <c>Write</c> calls is still caught before it reaches the underlying writer.</summary>
internal sealed class MaskingWriter(TextWriter inner, SecretMasker masker) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _line.Append(value);
            if (value == '\n') FlushLine();
        }
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        lock (_gate)
        {
            foreach (var c in value)
            {
                _line.Append(c);
                if (c == '\n') FlushLine();
            }
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            FlushLine();
            inner.Flush();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Flush();
        base.Dispose(disposing);
    }

    private void FlushLine()
    {
        if (_line.Length == 0) return;
        inner.Write(masker.Apply(_line.ToString()));
        _line.Clear();
        inner.Flush();
    }
}
