using System;
using System.Collections;
using System.Management.Automation;
using System.Security;
using OmiseEvents.Errors;
using OmiseEvents.Http;
using OmiseEvents.Session;
using OmiseEvents.Webhooks;

namespace OmiseEvents.Commands;

/// <summary>
/// Replays events to a webhook handler as Omise delivers them: one POST each, in input order, the
/// body Omise sent (or would send), signed with the webhook secret. One <see cref="WebhookAttempt"/>
/// per POST, written as it completes; a handler's failure is a result, not an error.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "OmiseWebhook", DefaultParameterSetName = InputSet, SupportsShouldProcess = true)]
[OutputType(typeof(WebhookAttempt))]
public sealed class SendOmiseWebhookCommand : OmiseCmdlet
{
    private const string InputSet = "Input";
    private const string ByIdSet = "ById";

    /// <summary>The handler: https anywhere, http only to a loopback address.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public Uri Uri { get; set; } = null!;

    /// <summary>Events (Get-OmiseEvent, Get-OmiseChargeEvent), objects with an Id (Import-Csv rows) or event ids.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>Event ids, looked up through the connection.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
    [EventIdTransformation]
    [ArgumentCompleter(typeof(Completion.EventIdCompleter))]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <summary>The webhook secret (base64, as the dashboard shows it); $env:OMISE_WEBHOOK_SECRET otherwise.</summary>
    [Parameter]
    public SecureString? Secret { get; set; }

    /// <summary>Headers added to every request (or replacing ours).</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? Header { get; set; }

    /// <summary>How long to wait for the handler's answer, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 30;

    /// <summary>Sends each event this many times, each freshly signed.</summary>
    [Parameter]
    public int Duplicate { get; set; } = 1;

    /// <summary>Sends out of order within consecutive windows of this many requests.</summary>
    [Parameter]
    public int Shuffle { get; set; }

    /// <summary>The seed of -Shuffle's order: the same seed gives the same order again. A random one otherwise, named in the verbose stream.</summary>
    [Parameter]
    public int Seed { get; set; }

    /// <summary>Sends live-mode events to a host that is not this machine.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The connection that looks up ids (the session's by default).</summary>
    [Parameter]
    [ValidateNotNull]
    public OmiseConnection? Connection { get; set; }

    private WebhookSecret? _secret;
    private ShuffleWindows<(Event Event, byte[] Body)>? _shuffle;
    private OmiseApiClient? _client;
    private string _userAgent = "";

    protected override void BeginProcessing()
    {
        if (!EndpointUri.IsHttp(Uri))
        {
            ThrowTerminatingError(OmiseErrors.InvalidWebhookUriError(Uri));
        }
        if (EndpointUri.IsInsecure(Uri))
        {
            ThrowTerminatingError(OmiseErrors.InsecureWebhookUriError(Uri));
        }
        if (Duplicate < 1)
        {
            ThrowTerminatingError(OmiseErrors.InvalidDuplicateCountError(Duplicate));
        }
        bool shuffling = MyInvocation.BoundParameters.ContainsKey(nameof(Shuffle));
        if (shuffling && Shuffle < 2)
        {
            ThrowTerminatingError(OmiseErrors.InvalidShuffleWindowError(Shuffle));
        }
        if (ParameterSetName == ByIdSet)
        {
            foreach (string id in Id)
            {
                if (!IdShape.Event.Matches(id))
                {
                    ThrowTerminatingError(IdShape.Event.Malformed(id));
                }
            }
        }
        _secret = WebhookSecret.Resolve(this, Secret, required: false);
        if (_secret is null)
        {
            WriteWarning($"No webhook secret (-Secret or {WebhookSecret.EnvironmentVariableText}): events are sent unsigned, and a handler that verifies signatures will refuse them.");
        }
        if (shuffling)
        {
            int seed = MyInvocation.BoundParameters.ContainsKey(nameof(Seed)) ? Seed : new Random().Next();
            WriteVerbose(FormattableString.Invariant($"Shuffling within windows of {Shuffle} with -Seed {seed}: pass it again to repeat this order."));
            _shuffle = new ShuffleWindows<(Event, byte[])>(Shuffle, seed);
        }
        _userAgent = "OmiseEvents-PowerShell/" + (typeof(Event).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
        if (ParameterSetName == ByIdSet)
        {
            foreach (string id in Id)
            {
                Take(id);
            }
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputSet)
        {
            Take(InputObject);
        }
    }

    protected override void EndProcessing()
    {
        if (_shuffle is not null)
        {
            SendAll(_shuffle.Flush());
        }
    }

    /// <summary>One input: the event itself, or its id looked up; then each of its sends.</summary>
    private void Take(object? input)
    {
        object? value = input is PSObject wrapped ? wrapped.BaseObject : input;
        Event? e = value as Event;
        if (e is null)
        {
            // The one rule Get-OmiseEvent binds by: an id, a delivery's or a CSV row's EventId, a row's Id.
            string? id = EventIdTransformationAttribute.EventId(input) as string;
            if (id is null && value is not null)
            {
                WriteError(OmiseErrors.InvalidWebhookInputError(value));
                return;
            }
            if (!IdShape.Event.Matches(id))
            {
                WriteError(IdShape.Event.Malformed(id));
                return;
            }
            CallApi(() => e = WaitFor(EventLookup.Start(Client(), id!, StopToken)), id, terminating: false, OmiseErrors.EventNotFound);
            if (e is null)
            {
                return;
            }
        }
        if (e.LiveMode && !Uri.IsLoopback && !Force)
        {
            WriteError(OmiseErrors.LiveEventNeedsForceError(e, Uri));
            return;
        }
        byte[] body = WebhookBody.For(e);
        for (int copy = 0; copy < Duplicate; copy++)
        {
            if (_shuffle is null)
            {
                Send(e, body);
            }
            else
            {
                SendAll(_shuffle.Add((e, body)));
            }
        }
    }

    private OmiseApiClient Client()
    {
        if (_client is null)
        {
            var connection = Connection ?? RunspaceState.Current.Connection;
            if (connection is null)
            {
                ThrowTerminatingError(OmiseErrors.NotConnectedError());
            }
            _client = new OmiseApiClient(connection!, this);
        }
        return _client;
    }

    private void SendAll(System.Collections.Generic.IReadOnlyList<(Event Event, byte[] Body)> sends)
    {
        foreach (var (e, body) in sends)
        {
            Send(e, body);
        }
    }

    private void Send(Event e, byte[] body)
    {
        if (!ShouldProcess($"{e.Id} ({e.Key}, {body.Length} bytes{(_secret is null ? ", unsigned" : "")}) to {Uri}", "Send webhook"))
        {
            return;
        }
        DateTime now = RunspaceState.Current.WebhookClock.UtcNow;
        (string, string)? signature = null;
        if (_secret is not null)
        {
            string timestamp = WebhookSignature.Timestamp(now);
            signature = (timestamp, _secret.WithKey(key => WebhookSignature.Sign(key, timestamp, body)));
        }
        using var request = WebhookSender.Request(Uri, body, signature, Header, _userAgent);
        var (status, error, response, duration) = WaitFor(WebhookSender.SendAsync(request, TimeSpan.FromSeconds(TimeoutSec), StopToken));
        WriteVerbose($"POST {Uri}: {e.Id} ({e.Key}), {body.Length} bytes, {(signature is null ? "unsigned" : "signed")}: "
            + (status is int s ? "HTTP " + s.ToString(System.Globalization.CultureInfo.InvariantCulture) : error) + FormattableString.Invariant($" in {duration.TotalMilliseconds:0} ms"));
        WriteObject(new WebhookAttempt(e.Id, e.Key, Uri.ToString(), status, error, now, duration, response, signature is not null, body.Length));
    }
}
