namespace OmiseEvents.Paging;

/// <summary>The -Skip/-First window over what a cmdlet writes, where the server cannot apply it.</summary>
internal sealed class OutputWindow
{
    private ulong _skip;
    private ulong _remaining;

    public OutputWindow(ulong skip, ulong first)
    {
        _skip = skip;
        _remaining = first;
    }

    public bool IsFull => _remaining == 0;

    /// <summary>How many more objects the window takes.</summary>
    public ulong Remaining => _remaining;

    /// <summary>True when the next object is inside the window (and counts it).</summary>
    public bool Admit()
    {
        if (_remaining == 0)
        {
            return false;
        }
        if (_skip > 0)
        {
            _skip--;
            return false;
        }
        _remaining--;
        return true;
    }
}
