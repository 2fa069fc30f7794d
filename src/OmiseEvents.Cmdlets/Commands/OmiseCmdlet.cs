using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using OmiseEvents.Errors;
using OmiseEvents.Http;
using OmiseEvents.Paging;

namespace OmiseEvents.Commands;

/// <summary>
/// The base of the cmdlets that send requests (Connect-Omise, and the Get- cmdlets through
/// <see cref="OmiseApiCmdlet"/>; Get-OmiseConnection and Disconnect-Omise send none and are plain
/// PSCmdlets): Ctrl+C (StopProcessing) cancels the token every request observes, diagnostics from
/// requests running on pool threads are written on the pipeline thread while it waits, and a failed
/// request becomes the command's error in <see cref="CallApi"/>.
/// </summary>
public abstract class OmiseCmdlet : PSCmdlet, IDisposable, ITaskWaiter, IRequestLog
{
    private readonly CancellationTokenSource _stopping = new();
    private enum Stream
    {
        Verbose,
        Debug,
        Warning,
    }

    private readonly ConcurrentQueue<(Stream Stream, string Text)> _messages = new();
    // Set when a message is queued or a request the pipeline thread waits for completes. One event
    // for the command's life: a task's own AsyncWaitHandle would cost a kernel event per request.
    private readonly AutoResetEvent _wake = new(false);
    private readonly Action _signalWake;
    // One action to run on the pipeline thread if it is still waiting when it falls due (see WhileWaiting).
    private readonly System.Diagnostics.Stopwatch _watch = System.Diagnostics.Stopwatch.StartNew();
    private Action? _whileWaiting;
    private TimeSpan _whileWaitingDue;

    protected OmiseCmdlet() => _signalWake = SignalWake;

    private void SignalWake()
    {
        try
        {
            _wake.Set();
        }
        catch (ObjectDisposedException)
        {
            // The request completed just after the command ended: nobody is waiting.
        }
    }

    private protected CancellationToken StopToken => _stopping.Token;

    protected override void StopProcessing()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command already finished.
        }
    }

    T ITaskWaiter.Wait<T>(Task<T> task) => WaitFor(task);

    /// <summary>Waits for a request, writing its diagnostics meanwhile; Ctrl+C ends it as a stopped pipeline.</summary>
    private protected T WaitFor<T>(Task<T> task)
    {
        if (!task.IsCompleted)
        {
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_signalWake);
        }
        while (true)
        {
            WriteQueuedMessages();
            if (task.IsCompleted)
            {
                break;
            }
            if (_whileWaiting is { } action)
            {
                var left = _whileWaitingDue - _watch.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    _whileWaiting = null;
                    action();
                    continue;
                }
                _wake.WaitOne(left);
                continue;
            }
            // A wake meant for an earlier request only costs one more look.
            _wake.WaitOne();
        }
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/>, which sends requests and waits for them with <see cref="WaitFor{T}"/>,
    /// and turns a failed request into the command's error: terminating when <paramref name="terminating"/>
    /// or when Omise refused the key or the proxy its credentials, otherwise written while the command goes on. <paramref name="notFoundId"/>
    /// names what a 404 means here (see <see cref="OmiseErrors.FromException"/>); <paramref name="toRecord"/>,
    /// when given, makes the record instead (Connect-Omise's check names the setting that is likely wrong).
    /// </summary>
    private protected void CallApi(Action call, object? target, bool terminating, string notFoundId = OmiseErrors.OmiseApiError,
        Func<Exception, ErrorRecord>? toRecord = null)
    {
        try
        {
            call();
        }
        catch (Exception e) when (OmiseErrors.IsRequestFailure(e))
        {
            var record = toRecord?.Invoke(e) ?? OmiseErrors.FromException(e, target, notFoundId);
            // A refused key or proxy credentials: no other request can succeed either.
            if (terminating || record.CategoryInfo.Category == ErrorCategory.AuthenticationError)
            {
                ThrowTerminatingError(record);
            }
            WriteError(record);
        }
        finally
        {
            WriteQueuedMessages();
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the pipeline thread after <paramref name="after"/>, if it is
    /// then waiting in <see cref="WaitFor{T}"/>; replaces the one pending, and null cancels it.
    /// </summary>
    private protected void WhileWaiting(TimeSpan after, Action? action)
    {
        _whileWaiting = action;
        _whileWaitingDue = _watch.Elapsed + after;
    }

    void IRequestLog.Verbose(string message) => Enqueue(Stream.Verbose, message);

    void IRequestLog.Debug(string message) => Enqueue(Stream.Debug, message);

    void IRequestLog.Warning(string message) => Enqueue(Stream.Warning, message);

    private void Enqueue(Stream stream, string message)
    {
        _messages.Enqueue((stream, message));
        _wake.Set();
    }

    private protected void WriteQueuedMessages()
    {
        while (_messages.TryDequeue(out var message))
        {
            switch (message.Stream)
            {
                case Stream.Debug:
                    WriteDebug(message.Text);
                    break;
                case Stream.Warning:
                    WriteWarning(message.Text);
                    break;
                default:
                    WriteVerbose(message.Text);
                    break;
            }
        }
    }

    /// <summary>The command is over, however it ended (a stopped pipeline runs no EndProcessing): forget what was started for it.</summary>
    private protected virtual void OnEnded()
    {
    }

    public void Dispose()
    {
        OnEnded();
        _stopping.Dispose();
        _wake.Dispose();
        GC.SuppressFinalize(this);
    }
}
