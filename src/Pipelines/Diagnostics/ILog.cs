namespace Pipelines.Diagnostics;

/// <summary>
/// Where the library says what it is doing, for the person or job running it. The library's own sink, so that it needs no
/// runner: the command-line targets forward it to the runner's log (stderr, <c>--verbosity</c>, secrets masked), the Watch
/// service to its console, tests to a <see cref="TextLog"/>.
/// </summary>
public interface ILog
{
    /// <summary>Diagnostics, for someone investigating (the runner shows them with <c>--verbosity verbose</c>).</summary>
    void Debug(string message);

    /// <summary>What is being done.</summary>
    void Info(string message);

    /// <summary>Something that went as hoped, worth telling apart from the lines around it.</summary>
    void Success(string message);

    /// <summary>Something the user should look at, though the operation goes on.</summary>
    void Warn(string message);

    /// <summary>Something that failed (a rollout), said where it happens; the operation's result says it again.</summary>
    void Error(string message);

    /// <summary>Something done that stays done whatever happens next (a push, an apply): logged as <see cref="Info"/>, and
    /// remembered, so that a run stopped at its deadline can say what it had changed.</summary>
    /// <param name="print">False: only remembered (the line is printed elsewhere, or is a detail until the deadline).</param>
    void Done(string message, bool print = true);
}
