using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using OmiseEvents.Http;
using OmiseEvents.Paging;

namespace OmiseEvents.Commands;

/// <summary>
/// The base of every cmdlet here: Ctrl+C (StopProcessing) cancels the token every request
/// observes, and diagnostics from requests running on pool threads are written on the
/// pipeline thread while it waits.
/// </summary>
public abstract class OmiseCmdlet : PSCmdlet, IDisposable, ITaskWaiter, IRequestLog
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<(bool IsDebug, string Text)> _messages = new();
    private readonly AutoResetEvent _messageArrived = new(false);

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
        var completed = ((IAsyncResult)task).AsyncWaitHandle;
        var handles = new WaitHandle[] { completed, _messageArrived };
        while (true)
        {
            WriteQueuedMessages();
            if (task.IsCompleted)
            {
                break;
            }
            WaitHandle.WaitAny(handles);
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

    void IRequestLog.Verbose(string message) => Enqueue(false, message);

    void IRequestLog.Debug(string message) => Enqueue(true, message);

    private void Enqueue(bool isDebug, string message)
    {
        _messages.Enqueue((isDebug, message));
        _messageArrived.Set();
    }

    private protected void WriteQueuedMessages()
    {
        while (_messages.TryDequeue(out var message))
        {
            if (message.IsDebug)
            {
                WriteDebug(message.Text);
            }
            else
            {
                WriteVerbose(message.Text);
            }
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _messageArrived.Dispose();
        GC.SuppressFinalize(this);
    }
}
