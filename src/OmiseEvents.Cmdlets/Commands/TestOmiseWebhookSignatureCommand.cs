using System;
using System.Management.Automation;
using System.Security;
using System.Text;
using OmiseEvents.Errors;
using OmiseEvents.Session;
using OmiseEvents.Webhooks;

namespace OmiseEvents.Commands;

/// <summary>
/// Checks a received webhook's Omise-Signature against its body, timestamp and the webhook secret,
/// for handlers written in PowerShell. $true or $false; -Detailed says why.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "OmiseWebhookSignature")]
[OutputType(typeof(bool), typeof(WebhookSignatureCheck))]
public sealed class TestOmiseWebhookSignatureCommand : PSCmdlet
{
    /// <summary>The request's body exactly as received: a byte array, or a string (taken as UTF-8).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [AllowEmptyString]
    public object Body { get; set; } = null!;

    /// <summary>The Omise-Signature header: one signature, or several separated by commas.</summary>
    [Parameter(Mandatory = true)]
    [AllowEmptyString]
    [AllowNull]
    public string? Signature { get; set; }

    /// <summary>The Omise-Signature-Timestamp header: Unix seconds.</summary>
    [Parameter(Mandatory = true)]
    [AllowEmptyString]
    [AllowNull]
    public string? Timestamp { get; set; }

    /// <summary>The webhook secret (base64, as the dashboard shows it); $env:OMISE_WEBHOOK_SECRET otherwise.</summary>
    [Parameter]
    public SecureString? Secret { get; set; }

    /// <summary>How far the timestamp may be from now, in seconds.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int ToleranceSec { get; set; } = (int)WebhookSignature.DefaultTolerance.TotalSeconds;

    /// <summary>Gives the reason, not only $true or $false.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    protected override void EndProcessing()
    {
        object body = Body is PSObject wrapped ? wrapped.BaseObject : Body;
        byte[]? bytes = body switch
        {
            byte[] b => b,
            string s => Encoding.UTF8.GetBytes(s),
            _ => null,
        };
        if (bytes is null)
        {
            ThrowTerminatingError(OmiseErrors.InvalidWebhookBodyError(body));
        }
        var secret = WebhookSecret.Resolve(this, Secret, required: true)!;
        DateTime now = RunspaceState.Current.WebhookClock.UtcNow;
        var check = secret.WithKey(key => WebhookSignature.Verify(key, bytes!, Signature, Timestamp, now, TimeSpan.FromSeconds(ToleranceSec)));
        WriteVerbose($"Omise-Signature check: {check.Result}.");
        WriteObject(Detailed ? check : check.IsValid);
    }
}
