using System.Runtime.InteropServices;
using LibGit2Sharp;

namespace Pipelines.ConfigRepo;

/// <summary>
/// With its server timeouts set (<see cref="GitTimeouts"/>), libgit2 waits for the server in <c>poll()</c>, which a signal
/// interrupts and the kernel never restarts (signal(7)); libgit2 then fails the whole call with "Interrupted system call".
/// A .NET process gets signals for its own reasons — SIGCHLD whenever a child process ends, stops or continues — so such a
/// failure says nothing about the server. Two defences: the signals a process gets for others' sake are blocked on the
/// thread while it is in libgit2 (the kernel hands them to another thread, which handles them as usual), and a call
/// interrupted all the same is made again. Fetches and ls-remote are repeated as they are; a push is repeated after the
/// server was asked whether it arrived (<see cref="ObjectCache"/>).
/// </summary>
internal static class Interrupted
{
    public const int Attempts = 10;

    public static bool Is(Exception e) => e.Message.Contains("Interrupted system call", StringComparison.Ordinal)
        || (e.InnerException is { } inner && Is(inner));

    public static T Retry<T>(Func<T> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Shielded(call);
            }
            catch (LibGit2SharpException e) when (attempt < Attempts && Is(e))
            {
                Pause(attempt);
            }
        }
    }

    public static void Retry(Action call) => Retry(() =>
    {
        call();
        return true;
    });

    /// <summary>A moment before the next attempt, longer each time, so that a burst of signals can pass.</summary>
    public static void Pause(int attempt) => Thread.Sleep(10 * attempt);

    // Linux's numbers: SIGCHLD 17, SIGCONT 18, SIGURG 23, SIGWINCH 28. Not SIGINT or SIGTERM: those are for this process.
    private static readonly int[] Others = [17, 18, 23, 28];
    private const int SigBlock = 0, SigSetMask = 2;

    /// <summary>Runs <paramref name="call"/> with the signals meant for the process as a whole blocked on this thread.</summary>
    public static T Shielded<T>(Func<T> call)
    {
        if (!OperatingSystem.IsLinux()) return call();
        var block = new byte[128]; // sigset_t: 1024 bits in glibc
        var old = new byte[128];
        if (SigEmptySet(block) != 0 || Others.Any(signal => SigAddSet(block, signal) != 0) || PthreadSigmask(SigBlock, block, old) != 0) return call();
        try
        {
            return call();
        }
        finally
        {
            _ = PthreadSigmask(SigSetMask, old, null);
        }
    }

    [DllImport("libc", EntryPoint = "sigemptyset")]
    private static extern int SigEmptySet(byte[] set);

    [DllImport("libc", EntryPoint = "sigaddset")]
    private static extern int SigAddSet(byte[] set, int signal);

    [DllImport("libc", EntryPoint = "pthread_sigmask")]
    private static extern int PthreadSigmask(int how, byte[] set, byte[]? oldSet);
}
