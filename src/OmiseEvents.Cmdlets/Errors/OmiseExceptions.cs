using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;

namespace OmiseEvents;

/// <summary>Something went wrong talking to Omise. The request is named by method and path; the key never is.</summary>
public abstract class OmiseException : Exception
{
    private protected OmiseException(string message, string request, Exception? inner)
        : base(message, inner) => Request = request;

    /// <summary>The request that failed, e.g. <c>GET /events?offset=200&amp;limit=100</c>.</summary>
    public string Request { get; }
}

/// <summary>Omise answered with an HTTP error status.</summary>
public sealed class OmiseApiException : OmiseException
{
    internal OmiseApiException(int statusCode, string? errorCode, string? apiMessage, string request, TimeSpan? retryAfter = null)
        : base(Describe(statusCode, errorCode, apiMessage, request), request, null)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ApiMessage = apiMessage;
        RetryAfter = retryAfter;
    }

    public int StatusCode { get; }
    /// <summary>Omise's error code, e.g. <c>not_found</c>; null when the body was not Omise's JSON.</summary>
    public string? ErrorCode { get; }
    public string? ApiMessage { get; }
    /// <summary>What the server's Retry-After header asked for, if it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Omise refused the secret key (HTTP 401): no other request with it can succeed.</summary>
    internal bool IsAuthenticationFailure => StatusCode == 401;

    private static string Describe(int status, string? code, string? message, string request) =>
        code is null
            ? $"Omise answered {request} with HTTP {status}{(message is null ? "" : ": " + message)}."
            : $"Omise answered {request} with HTTP {status} {code}: {message}";
}

/// <summary>Omise's answer could not be understood: not JSON, cut short, or not the expected shape.</summary>
public sealed class OmiseProtocolException : OmiseException
{
    internal OmiseProtocolException(string problem, string request, Exception? inner = null, bool isTransient = false)
        : base($"The response to {request} could not be read: {problem}", request, inner) => IsTransient = isTransient;

    /// <summary>True when the body was cut short or garbled on the way, which a retry may cure; false for an answer of the wrong shape.</summary>
    internal bool IsTransient { get; }
}

/// <summary>What kept a request from getting an answer, where it can be told.</summary>
internal enum NetworkFailure
{
    Other,
    /// <summary>Nothing listens at the host and port (or the proxy's): no retry at connect time can change that.</summary>
    ConnectionRefused,
    /// <summary>The TLS handshake failed, most often https:// to a server that speaks plain http.</summary>
    TlsHandshake,
    /// <summary>The proxy refused to open a tunnel without (the right) credentials: HTTP 407 to CONNECT.</summary>
    ProxyAuthenticationRequired,
}

/// <summary>The request did not get an answer: connection refused or reset, DNS, TLS, a proxy's refusal.</summary>
public sealed class OmiseNetworkException : OmiseException
{
    /// <param name="endpoint">Where the connection was made: <c>host:port</c>, or <c>the proxy host:port</c>.</param>
    internal OmiseNetworkException(string request, string endpoint, Exception inner)
        : this(request, endpoint, inner, Classify(inner))
    {
    }

    private OmiseNetworkException(string request, string endpoint, Exception inner, NetworkFailure failure)
        : base($"{request} failed: {Describe(failure, endpoint, Innermost(inner))}", request, inner)
    {
        Failure = failure;
        Endpoint = endpoint;
        Detail = Innermost(inner).Message;
    }

    internal NetworkFailure Failure { get; }

    /// <summary>What the runtime said at the bottom of it, e.g. <c>Connection refused</c>.</summary>
    internal string Detail { get; }

    /// <summary>Where the connection was made: <c>host:port</c>, or <c>the proxy host:port</c>.</summary>
    public string Endpoint { get; }

    private static string Describe(NetworkFailure failure, string endpoint, Exception innermost) => failure switch
    {
        NetworkFailure.ConnectionRefused => $"connection refused at {endpoint}",
        NetworkFailure.TlsHandshake => $"the TLS handshake with {endpoint} failed ({innermost.Message})",
        NetworkFailure.ProxyAuthenticationRequired => "the proxy asked for credentials (HTTP 407)",
        _ => $"{innermost.Message} ({endpoint})",
    };

    /// <summary>
    /// Reads the cause from the exception chain: .NET names a refused connection by its socket
    /// error, a failed handshake by an AuthenticationException (.NET Framework by the WebException's
    /// status), and a proxy's 407 to CONNECT by the HttpRequestException's StatusCode (.NET 5 and
    /// later; .NET Framework by the WebException's response).
    /// </summary>
    internal static NetworkFailure Classify(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return NetworkFailure.ConnectionRefused;
                case AuthenticationException:
                case WebException { Status: WebExceptionStatus.SecureChannelFailure or WebExceptionStatus.TrustFailure }:
                    return NetworkFailure.TlsHandshake;
                case HttpRequestException when e.GetType().GetProperty("StatusCode")?.GetValue(e) is HttpStatusCode.ProxyAuthenticationRequired:
                case WebException { Response: HttpWebResponse { StatusCode: HttpStatusCode.ProxyAuthenticationRequired } }:
                    return NetworkFailure.ProxyAuthenticationRequired;
            }
        }
        return NetworkFailure.Other;
    }

    /// <summary>The exception at the bottom of <paramref name="e"/>'s chain: what the network actually said.</summary>
    internal static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
