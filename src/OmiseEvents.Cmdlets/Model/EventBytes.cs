using System;

namespace OmiseEvents;

/// <summary>
/// An event's JSON as the server sent it: an array of its own, or, until the event is written, its
/// slice of the pooled buffer its page arrived in.
/// </summary>
internal readonly struct EventBytes
{
    private readonly byte[] _array;
    private readonly int _offset;

    public EventBytes(byte[] own)
        : this(own, 0, own.Length, onPage: false)
    {
    }

    public EventBytes(byte[] page, int offset, int length)
        : this(page, offset, length, onPage: true)
    {
    }

    private EventBytes(byte[] array, int offset, int length, bool onPage)
    {
        _array = array;
        _offset = offset;
        Length = length;
        OnPage = onPage;
    }

    public int Length { get; }

    /// <summary>Still in its page's buffer, which goes back to the pool once the page is released.</summary>
    public bool OnPage { get; }

    public ReadOnlySpan<byte> Span => new(_array, _offset, Length);

    public string ToText() => System.Text.Encoding.UTF8.GetString(_array, _offset, Length);

    /// <summary>The same bytes in an array of their own.</summary>
    public EventBytes Own() => OnPage ? new EventBytes(Span.ToArray()) : this;

    /// <summary>The array of bytes that are <see cref="Own"/>ed.</summary>
    public byte[] OwnArray => OnPage ? throw new InvalidOperationException("The event's bytes are still on its page.") : _array;
}
