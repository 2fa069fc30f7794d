using System;
using System.Buffers;

namespace OmiseEvents.Http;

/// <summary>
/// An answer's body, the server's UTF-8 JSON, in a buffer rented from the shared pool. The client
/// returns the buffer once the body is read, unless the reader kept it: a page of events keeps it
/// until its events are written (see <see cref="Json.EventPage.Release"/>).
/// </summary>
internal sealed class ResponseBody
{
    private byte[]? _buffer;
    private bool _kept;

    public ResponseBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Json => new(_buffer ?? throw new ObjectDisposedException(nameof(ResponseBody)), 0, Length);

    /// <summary>Takes the buffer over: from now on its owner returns it to the pool, or leaves it to the GC.</summary>
    public byte[] Keep()
    {
        _kept = true;
        return _buffer ?? throw new ObjectDisposedException(nameof(ResponseBody));
    }

    internal void ReturnUnlessKept()
    {
        if (!_kept && _buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        _buffer = null;
    }
}
