namespace OmiseEvents.Http;

/// <summary>
/// Where request diagnostics go. Requests run on pool threads, which may not write to
/// PowerShell's streams; the cmdlet queues these and writes them on the pipeline thread.
/// </summary>
internal interface IRequestLog
{
    void Verbose(string message);
    void Debug(string message);
    void Warning(string message);
}
