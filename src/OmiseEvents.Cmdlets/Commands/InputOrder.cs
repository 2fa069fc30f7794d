using System.Collections.Generic;
using System.Threading.Tasks;
using OmiseEvents.Http;

namespace OmiseEvents.Commands;

/// <summary>
/// Inputs from the pipeline in the order they came, each with the request already started for it
/// (none for an input of the wrong shape), taken back in that order while later requests run.
/// </summary>
internal sealed class InputOrder<T>
{
    private readonly Queue<(T Input, Task? Request)> _pending = new();

    public int Count => _pending.Count;

    public void Add(T input, Task? request) => _pending.Enqueue((input, request));

    /// <summary>
    /// The oldest input, once its request is answered (or it has none), or at once while more than
    /// <paramref name="inFlightAtMost"/> are pending: the caller then waits for its answer.
    /// </summary>
    public bool TryTake(int inFlightAtMost, out T input)
    {
        if (_pending.Count > 0 && (_pending.Count > inFlightAtMost || _pending.Peek().Request?.IsCompleted != false))
        {
            input = _pending.Dequeue().Input;
            return true;
        }
        input = default!;
        return false;
    }

    /// <summary>Forgets every pending request: nothing will be written for them.</summary>
    public void Abandon()
    {
        while (_pending.Count > 0)
        {
            if (_pending.Dequeue().Request is { } request)
            {
                Abandoned.Forget(request);
            }
        }
    }
}
