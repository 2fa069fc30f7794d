using System.Threading;
using System.Threading.Tasks;

namespace OmiseEvents.Http;

/// <summary>Requests nobody will wait for any more.</summary>
internal static class Abandoned
{
    /// <summary>Observes the request's failure, if any, so it is not reported as an unobserved task exception.</summary>
    public static void Forget(Task request) =>
        _ = request.ContinueWith(t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
