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

    public ReadOnlySpan<byte> Json => new(Buffer, 0, Length);

    /// <summary>The rented array itself, for what points into it; see <see cref="Keep"/>.</summary>
    public byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(ResponseBody));

    /// <summary>
    /// Called once what the reader made from <see cref="Buffer"/> is complete: the buffer is then its
    /// owner's to return to the pool, or to leave to the GC. A body the reader failed on goes back to the pool.
    /// </summary>
    public void Keep() => _kept = true;

    internal void ReturnUnlessKept()
    {
        if (!_kept && _buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        _buffer = null;
    }
}
