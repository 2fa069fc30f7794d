using System;
using System.Management.Automation;

namespace OmiseEvents.Errors;

/// <summary>
/// Every ErrorRecord the module writes is made here, so ErrorIds and categories stay stable:
/// scripts match on <c>FullyQualifiedErrorId</c>, people read the message and RecommendedAction.
/// </summary>
internal static partial class OmiseErrors
{
    public const string NotConnected = nameof(NotConnected);
    public const string AuthenticationFailed = nameof(AuthenticationFailed);
    public const string EventNotFound = nameof(EventNotFound);
    public const string ChargeNotFound = nameof(ChargeNotFound);
    public const string InvalidEventId = nameof(InvalidEventId);
    public const string InvalidChargeId = nameof(InvalidChargeId);
    public const string OmiseApiError = nameof(OmiseApiError);
    public const string OmiseProtocolError = nameof(OmiseProtocolError);
    public const string OmiseConnectionFailed = nameof(OmiseConnectionFailed);
    public const string OmiseRequestTimeout = nameof(OmiseRequestTimeout);
    public const string CheckpointNotFound = nameof(CheckpointNotFound);
    public const string IncompatibleParameters = nameof(IncompatibleParameters);
    public const string InvalidTimeRange = nameof(InvalidTimeRange);
    public const string OmiseConnectionRefused = nameof(OmiseConnectionRefused);
    public const string OmiseTlsHandshakeFailed = nameof(OmiseTlsHandshakeFailed);
    public const string BaseUriNotFound = nameof(BaseUriNotFound);
    public const string ProxyAuthenticationRequired = nameof(ProxyAuthenticationRequired);
    public const string InvalidProxyUri = nameof(InvalidProxyUri);

    public static ErrorRecord Create(string errorId, ErrorCategory category, object? target, string message, string? recommendedAction = null, Exception? exception = null)
    {
        var record = new ErrorRecord(exception ?? new ArgumentException(message), errorId, category, target);
        if (exception is not null && exception.Message != message)
        {
            record.ErrorDetails = new ErrorDetails(message);
        }
        if (recommendedAction is not null)
        {
            record.ErrorDetails ??= new ErrorDetails(message);
            record.ErrorDetails.RecommendedAction = recommendedAction;
        }
        return record;
    }

    public static ErrorRecord NotConnectedError() => Create(NotConnected, ErrorCategory.ConnectionError, null,
        "You are not connected to Omise in this session.",
        "Run Connect-Omise first, or pass a connection with -Connection.",
        new InvalidOperationException("You are not connected to Omise in this session. Run Connect-Omise first."));

    public static ErrorRecord InvalidId(string errorId, string kind, string pattern, object? id) => Create(errorId, ErrorCategory.InvalidArgument, id,
        id is string s && !string.IsNullOrWhiteSpace(s)
            ? $"'{s}' is not a valid {kind} id: {kind} ids look like {pattern}."
            : $"An empty {kind} id was given: {kind} ids look like {pattern}.",
        id is string d && d.StartsWith("whdl_", StringComparison.Ordinal)
            ? "That is a webhook delivery's id: its event's id is the delivery's EventId. Pipe the delivery itself, or give $delivery.EventId."
            : null);

    public static ErrorRecord IncompatibleParametersError(string message) =>
        Create(IncompatibleParameters, ErrorCategory.InvalidArgument, null, message);

    /// <summary>-After's event is gone: listing on could silently skip what came after it, so nothing is listed.</summary>
    public static ErrorRecord CheckpointNotFoundError(object? id, Exception exception) => Create(CheckpointNotFound, ErrorCategory.ObjectNotFound, id,
        $"The checkpoint event {id} was not found: it may be past Omise's 90-day retention, of another account, or of the other mode (test or live). "
        + "Events that came after it may have been deleted already, so nothing was listed.",
        "To go on deliberately, list from a time instead, for example: Get-OmiseEvent -From (Get-Date).AddDays(-89)", exception);

    /// <summary>
    /// The record for a failed request. <paramref name="notFoundId"/> names what a 404 means here
    /// (an unknown event, an unknown charge, a checkpoint gone).
    /// </summary>
    public static ErrorRecord FromException(Exception exception, object? target, string notFoundId = OmiseApiError) => exception switch
    {
        OmiseApiException { StatusCode: 407 } or OmiseNetworkException { Failure: NetworkFailure.ProxyAuthenticationRequired } =>
            Create(ProxyAuthenticationRequired, ErrorCategory.AuthenticationError, target,
                $"The proxy refused {((OmiseException)exception).Request}: it asks for credentials (HTTP 407), and none were given or it did not accept them.",
                "Run Connect-Omise again with -Proxy and -ProxyCredential (the proxy's user name and password) or -ProxyUseDefaultCredentials (this account's Windows credentials).",
                exception),
        OmiseApiException { IsAuthenticationFailure: true } e => Create(AuthenticationFailed, ErrorCategory.AuthenticationError, target,
            $"Omise refused the secret key (HTTP 401{(e.ApiMessage is null ? "" : ": " + e.ApiMessage)}).",
            "Check that the key is a secret key (skey_…) of this account and mode, then run Connect-Omise again.", e),
        OmiseApiException { StatusCode: 404 } e when notFoundId == CheckpointNotFound => CheckpointNotFoundError(target, e),
        OmiseApiException { StatusCode: 404 } e when notFoundId != OmiseApiError =>
            Create(notFoundId, ErrorCategory.ObjectNotFound, target, e.ApiMessage ?? e.Message, null, e),
        OmiseApiException e => new ErrorRecord(e, OmiseApiError, CategoryOf(e.StatusCode), target),
        OmiseProtocolException e => new ErrorRecord(e, OmiseProtocolError, ErrorCategory.ProtocolError, target),
        OmiseNetworkException e => new ErrorRecord(e, OmiseConnectionFailed, ErrorCategory.ConnectionError, target),
        TimeoutException e => new ErrorRecord(e, OmiseRequestTimeout, ErrorCategory.OperationTimeout, target),
        _ => new ErrorRecord(exception, exception.GetType().Name, ErrorCategory.NotSpecified, target),
    };

    /// <summary>
    /// The record for Connect-Omise's check: what cannot be passing at connect time names the setting
    /// that is likely wrong (the port, http or https, a path in -BaseUri); anything else is as
    /// <see cref="FromException"/> says.
    /// </summary>
    public static ErrorRecord FromConnectFailure(Exception exception, Uri baseUri, bool viaProxy) => exception switch
    {
        OmiseNetworkException { Failure: NetworkFailure.ConnectionRefused } e => Create(OmiseConnectionRefused, ErrorCategory.ConnectionError, baseUri,
            $"Nothing is listening at {e.Endpoint}: the connection was refused ({e.Request}).",
            viaProxy ? "Check the host and port of -Proxy." : $"Check the host and port in -BaseUri {baseUri}, and that the server there (or the emulator) is running.", e),
        OmiseNetworkException { Failure: NetworkFailure.TlsHandshake } e => Create(OmiseTlsHandshakeFailed, ErrorCategory.ProtocolError, baseUri,
            $"The TLS handshake with {baseUri.Host}:{baseUri.Port} failed ({e.Detail.TrimEnd('.')}): -BaseUri {baseUri} is https, and the server there may speak plain http.",
            baseUri.IsLoopback
                ? $"A local emulator speaks http: use -BaseUri {new UriBuilder(baseUri) { Scheme = Uri.UriSchemeHttp, Port = baseUri.Port }.Uri}"
                : $"Check that -BaseUri is the API's https address, such as {OmiseConnection.DefaultBaseUri}; a proxy or security product that intercepts TLS can also cause this.", e),
        OmiseApiException { StatusCode: 404 } e => Create(BaseUriNotFound, ErrorCategory.ObjectNotFound, baseUri,
            baseUri.AbsolutePath == "/"
                ? $"There is no Omise events API at {baseUri}: {e.Request} answered HTTP 404."
                : $"-BaseUri {baseUri} has a path ({baseUri.AbsolutePath}), and {e.Request} answered HTTP 404: Omise's API is at the root of its host.",
            baseUri.AbsolutePath == "/"
                ? $"Check -BaseUri: it is the API's root, such as {OmiseConnection.DefaultBaseUri}"
                : $"Leave the path out: -BaseUri {baseUri.GetLeftPart(UriPartial.Authority)}", e),
        _ => FromException(exception, baseUri),
    };

    /// <summary>True for failures a request can meet that the cmdlets turn into ErrorRecords.</summary>
    public static bool IsRequestFailure(Exception e) => e is OmiseException or TimeoutException;

    private static ErrorCategory CategoryOf(int status) => status switch
    {
        400 => ErrorCategory.InvalidArgument,
        403 => ErrorCategory.PermissionDenied,
        404 => ErrorCategory.ObjectNotFound,
        429 => ErrorCategory.LimitsExceeded,
        >= 500 => ErrorCategory.ResourceUnavailable,
        _ => ErrorCategory.NotSpecified,
    };
}
