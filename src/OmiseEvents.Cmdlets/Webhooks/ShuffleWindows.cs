using System;
using System.Collections.Generic;

namespace OmiseEvents.Webhooks;

/// <summary>
/// Puts a stream out of order within consecutive windows of a given size, and only within them:
/// each full window is given back as a random cyclic permutation (Sattolo's algorithm), so every
/// item in a window of two or more moves, and the same seed always gives the same order. Pure: no I/O.
/// </summary>
internal sealed class ShuffleWindows<T>
{
    private readonly int _window;
    private readonly Random _random;
    private readonly List<T> _held = new();

    /// <param name="window">Items per window: 1 leaves the order as it is.</param>
    public ShuffleWindows(int window, int seed)
    {
        if (window < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(window));
        }
        _window = window;
        _random = new Random(seed);
    }

    /// <summary>Takes one item; gives back the window it completes, shuffled, or nothing yet.</summary>
    public IReadOnlyList<T> Add(T item)
    {
        _held.Add(item);
        return _held.Count == _window ? Release() : Array.Empty<T>();
    }

    /// <summary>The last, partial window, shuffled the same way.</summary>
    public IReadOnlyList<T> Flush() => Release();

    private IReadOnlyList<T> Release()
    {
        var window = _held.ToArray();
        _held.Clear();
        for (int i = window.Length - 1; i > 0; i--)
        {
            int j = _random.Next(i);
            (window[i], window[j]) = (window[j], window[i]);
        }
        return window;
    }
}
