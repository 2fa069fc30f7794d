using System;
using System.Management.Automation;

namespace OmiseEvents.Errors;

/// <summary>The errors of Send-OmiseWebhook and Test-OmiseWebhookSignature. None repeats a secret.</summary>
internal static partial class OmiseErrors
{
    public const string InvalidWebhookSecret = nameof(InvalidWebhookSecret);
    public const string WebhookSecretRequired = nameof(WebhookSecretRequired);
    public const string InvalidWebhookUri = nameof(InvalidWebhookUri);
    public const string InsecureWebhookUri = nameof(InsecureWebhookUri);
    public const string InvalidDuplicateCount = nameof(InvalidDuplicateCount);
    public const string InvalidShuffleWindow = nameof(InvalidShuffleWindow);
    public const string LiveEventNeedsForce = nameof(LiveEventNeedsForce);
    public const string InvalidWebhookBody = nameof(InvalidWebhookBody);
    public const string InvalidWebhookInput = nameof(InvalidWebhookInput);

    public static ErrorRecord InvalidWebhookSecretError(string source) => Create(InvalidWebhookSecret, ErrorCategory.InvalidArgument, null,
        $"The webhook secret in {source} is empty or not base64, so it cannot sign or verify anything.",
        "Copy the webhook secret again from the Omise dashboard (Settings > Webhooks): it is base64 text.");

    public static ErrorRecord WebhookSecretRequiredError() => Create(WebhookSecretRequired, ErrorCategory.InvalidArgument, null,
        "No webhook secret was given: a signature cannot be checked without one.",
        "Pass -Secret, or set $env:OMISE_WEBHOOK_SECRET.");

    public static ErrorRecord InvalidWebhookUriError(Uri uri) => Create(InvalidWebhookUri, ErrorCategory.InvalidArgument, uri,
        $"-Uri '{uri.OriginalString}' is not an absolute http(s) URI such as http://localhost:3000/omise.");

    public static ErrorRecord InsecureWebhookUriError(Uri uri) => Create(InsecureWebhookUri, ErrorCategory.SecurityError, uri,
        $"-Uri '{uri}' uses http to a host that is not loopback: events would cross the network unencrypted. Use https (http is allowed only for loopback addresses).");

    public static ErrorRecord InvalidDuplicateCountError(int count) => Create(InvalidDuplicateCount, ErrorCategory.InvalidArgument, count,
        $"-Duplicate {count} would send nothing: it is how many times each event is sent, 1 or more.");

    public static ErrorRecord InvalidShuffleWindowError(int window) => Create(InvalidShuffleWindow, ErrorCategory.InvalidArgument, window,
        $"-Shuffle {window} cannot reorder anything: it is how many events are put out of order together, 2 or more.");

    public static ErrorRecord LiveEventNeedsForceError(Event e, Uri uri) => Create(LiveEventNeedsForce, ErrorCategory.SecurityError, e.Id,
        $"{e.Id} is a live-mode event, with a real customer's data: it was not sent to {uri.Host}, which is not this machine.",
        "Add -Force to send live-mode events to another host.");

    public static ErrorRecord InvalidWebhookBodyError(object? body) => Create(InvalidWebhookBody, ErrorCategory.InvalidArgument, body?.GetType().FullName,
        $"-Body must be the request's body as a string or a byte array, not {body?.GetType().FullName ?? "null"}.");

    public static ErrorRecord InvalidWebhookInputError(object? input) => Create(InvalidWebhookInput, ErrorCategory.InvalidArgument, input,
        $"Send-OmiseWebhook takes events (from Get-OmiseEvent), webhook deliveries, objects with an Id (such as Import-Csv rows) or event ids, not {input?.GetType().FullName ?? "null"}.");
}
