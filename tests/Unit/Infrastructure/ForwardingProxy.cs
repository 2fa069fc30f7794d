using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace OmiseEvents.Tests.Infrastructure;

/// <summary>
/// A small forwarding HTTP proxy on a free loopback port, as the tests' stand-in for a company's
/// proxy: it forwards plain-HTTP requests in absolute form (<c>GET http://127.0.0.1:…/events</c>) to
/// their host, one request a connection, and counts them. With <see cref="Credentials"/> it answers
/// 407 with a Basic challenge to any request (CONNECT included) that does not carry them. It never
/// opens tunnels: a CONNECT it accepts is answered 501.
/// </summary>
public sealed class ForwardingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly ConcurrentQueue<string> _forwarded = new();
    private readonly ConcurrentQueue<string> _refused = new();

    /// <param name="credentials">The user name and password to ask for; null for a proxy that asks for none.</param>
    public ForwardingProxy(NetworkCredential? credentials = null)
    {
        Credentials = credentials;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public NetworkCredential? Credentials { get; }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>The request lines forwarded, in the order they arrived (<c>GET http://127.0.0.1:…/events?limit=1</c>).</summary>
    public IReadOnlyList<string> Forwarded => _forwarded.ToArray();

    /// <summary>The request lines answered 407.</summary>
    public IReadOnlyList<string> Refused => _refused.ToArray();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var (requestLine, headers) = await ReadHeadAsync(stream);
                if (requestLine is null)
                {
                    return;
                }
                string[] parts = requestLine.Split(' ');
                if (Credentials is not null && !Authorized(headers))
                {
                    _refused.Enqueue(requestLine);
                    await WriteAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"omise-test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    return;
                }
                if (parts[0] == "CONNECT" || !Uri.TryCreate(parts[1], UriKind.Absolute, out var target))
                {
                    await WriteAsync(stream, "HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    return;
                }
                _forwarded.Enqueue(requestLine);
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(target.Host, target.Port, _stop.Token);
                var upstreamStream = upstream.GetStream();
                var head = new StringBuilder($"{parts[0]} {target.PathAndQuery} {parts[2]}\r\n");
                foreach (string header in headers)
                {
                    if (!header.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) && !header.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase))
                    {
                        head.Append(header).Append("\r\n");
                    }
                }
                head.Append("Connection: close\r\n\r\n");
                await WriteAsync(upstreamStream, head.ToString());
                // GETs carry no body; the answer runs until the server closes, as asked.
                await upstreamStream.CopyToAsync(stream, _stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client or the server hung up, or the proxy is stopping.
            }
        }
    }

    private bool Authorized(List<string> headers)
    {
        string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Credentials!.UserName}:{Credentials.Password}"));
        return headers.Exists(h => h.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase)
            && h.Substring("Proxy-Authorization:".Length).Trim() == expected);
    }

    /// <summary>The request line and header lines, read a byte at a time so nothing after them is consumed.</summary>
    private async Task<(string? RequestLine, List<string> Headers)> ReadHeadAsync(NetworkStream stream)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, _stop.Token) == 1)
        {
            if (one[0] == '\n')
            {
                string text = line.ToString().TrimEnd('\r');
                line.Clear();
                if (text.Length == 0)
                {
                    return lines.Count == 0 ? (null, lines) : (lines[0], lines.GetRange(1, lines.Count - 1));
                }
                lines.Add(text);
            }
            else
            {
                line.Append((char)one[0]);
            }
        }
        return (null, lines);
    }

    private async Task WriteAsync(NetworkStream stream, string text) =>
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), _stop.Token);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
