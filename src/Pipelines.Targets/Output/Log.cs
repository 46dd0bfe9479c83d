using Pipelines.Targets.Output;

namespace Pipelines.Targets;

/// <summary>The build log, on stderr, filtered by <c>--verbosity</c>, secrets masked.</summary>
public sealed class Log
{
    private readonly TextWriter _writer;
    private readonly Palette _palette;

    internal Log(TextWriter writer, Verbosity verbosity, Palette palette)
    {
        _writer = writer;
        Verbosity = verbosity;
        _palette = palette;
    }

    public Verbosity Verbosity { get; }

    /// <summary>A plain log to any writer, for code that runs outside a target (tests, the server).</summary>
    public static Log To(TextWriter writer, Verbosity verbosity = Verbosity.Normal) => new(writer, verbosity, new Palette(false));

    /// <summary>Diagnostics: shown with <c>--verbosity verbose</c>.</summary>
    public void Debug(string message) => Write(Verbosity.Verbose, _palette.Dim(message));

    /// <summary>What a target is doing: shown unless <c>--verbosity minimal</c> or quieter.</summary>
    public void Info(string message) => Write(Verbosity.Normal, message);

    public void Success(string message) => Write(Verbosity.Normal, _palette.Green(message));

    private readonly List<string> _done = [];

    /// <summary>Something done that stays done whatever happens next (a push): logged as <see cref="Info"/>, and repeated
    /// if the target is then stopped at its deadline, so that the job's end says what it had changed.</summary>
    /// <param name="print">False: only remembered (the line is printed elsewhere, or is a detail until the deadline).</param>
    public void Done(string message, bool print = true)
    {
        lock (_done) _done.Add(message);
        if (print) Info(message);
    }

    /// <summary>What was <see cref="Done"/> since the last call.</summary>
    internal IReadOnlyList<string> TakeDone()
    {
        lock (_done)
        {
            var done = _done.ToList();
            _done.Clear();
            return done;
        }
    }

    public void Warn(string message) => Write(Verbosity.Minimal, _palette.Yellow("warning: " + message));

    public void Error(string message) => Write(Verbosity.Quiet, _palette.Red(message));

    internal void Always(string line) => Write(Verbosity.Quiet, line);

    internal void At(Verbosity level, string line) => Write(level, line);

    internal Palette Palette => _palette;

    private void Write(Verbosity level, string message)
    {
        if (Verbosity < level) return;
        _writer.WriteLine(message);
    }
}
