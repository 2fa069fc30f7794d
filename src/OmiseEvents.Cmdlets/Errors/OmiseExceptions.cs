using System;

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

/// <summary>The request did not get an answer: connection refused or reset, DNS, TLS.</summary>
public sealed class OmiseNetworkException : OmiseException
{
    internal OmiseNetworkException(string request, Exception inner)
        : base($"{request} failed: {Innermost(inner).Message}", request, inner)
    {
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
