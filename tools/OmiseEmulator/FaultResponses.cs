using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace OmiseEmulator;

/// <summary>How each <see cref="FaultKind"/> looks on the wire.</summary>
internal static class FaultResponses
{
    public static async Task Apply(HttpContext context, FaultKind kind, Func<HttpContext, Task> answer, TimeSpan slowBodyStall)
    {
        var response = context.Response;
        switch (kind)
        {
            case FaultKind.RateLimited:
                response.Headers.RetryAfter = "1";
                await OmiseEmulatorServer.Error(context, 429, "rate_limit_exceeded", "too many requests, slow down");
                break;
            case FaultKind.RateLimitedNoRetryAfter:
                await OmiseEmulatorServer.Error(context, 429, "rate_limit_exceeded", "too many requests, slow down");
                break;
            case FaultKind.RateLimitedHttpDate:
                response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddSeconds(2).ToString("R");
                await OmiseEmulatorServer.Error(context, 429, "rate_limit_exceeded", "too many requests, slow down");
                break;
            case FaultKind.ServerError:
                await OmiseEmulatorServer.Error(context, 500, "internal_server_error", "something went wrong on our side");
                break;
            case FaultKind.BadGatewayHtml:
                await Html(context, 502, "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>");
                break;
            case FaultKind.ServiceUnavailableHtml:
                await Html(context, 503, "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
                break;
            case FaultKind.GatewayTimeout:
                response.StatusCode = 504;
                response.ContentLength = 0;
                break;
            case FaultKind.ResetBeforeResponse:
                context.Abort();
                break;
            case FaultKind.ResetMidBody:
            {
                byte[] body = await Capture(context, answer);
                await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2));
                await response.Body.FlushAsync();
                context.Abort();
                break;
            }
            case FaultKind.TruncatedJson:
            {
                byte[] body = await Capture(context, answer);
                response.ContentLength = body.Length / 2;
                await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2));
                break;
            }
            case FaultKind.SlowBody:
            {
                byte[] body = await Capture(context, answer);
                await response.Body.WriteAsync(body.AsMemory(0, body.Length / 10));
                await response.Body.FlushAsync();
                try
                {
                    await Task.Delay(slowBodyStall, context.RequestAborted);
                    await response.Body.WriteAsync(body.AsMemory(body.Length / 10));
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as it should.
                }
                break;
            }
        }
    }

    /// <summary>The real answer's bytes, with its status and headers left set on the response.</summary>
    private static async Task<byte[]> Capture(HttpContext context, Func<HttpContext, Task> answer)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await answer(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        return buffer.ToArray();
    }

    private static Task Html(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html";
        byte[] body = Encoding.UTF8.GetBytes(html);
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, 0, body.Length);
    }
}
