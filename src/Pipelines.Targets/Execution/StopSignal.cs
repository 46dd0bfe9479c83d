using System.Runtime.InteropServices;

namespace Pipelines.Targets;

/// <summary>Waits for SIGINT or SIGTERM, so that a foreground service stops cleanly (state saved, port freed).</summary>
public static class StopSignal
{
    public static Task WaitAsync()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registrations = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }.Select(signal => PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            stopped.TrySetResult();
        })).ToList();
        return stopped.Task.ContinueWith(_ => registrations.ForEach(r => r.Dispose()), TaskScheduler.Default);
    }
}
