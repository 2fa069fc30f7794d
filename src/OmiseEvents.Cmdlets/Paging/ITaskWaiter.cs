using System.Threading.Tasks;

namespace OmiseEvents.Paging;

/// <summary>Blocks the pipeline thread on a request while still writing its diagnostics there.</summary>
internal interface ITaskWaiter
{
    T Wait<T>(Task<T> task);
}
