using System;
using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using OmiseEvents.Errors;
using OmiseEvents.Http;
using OmiseEvents.Json;
using OmiseEvents.Paging;
using OmiseEvents.Session;

namespace OmiseEvents.Commands;

/// <summary>
/// Checks a secret key against Omise with one cheap request and makes it this session's
/// connection. The key comes from -SecretKey, -Credential, $env:OMISE_SECRET_KEY or a prompt.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Omise", DefaultParameterSetName = SecretKeySet)]
[OutputType(typeof(OmiseConnection))]
public sealed class ConnectOmiseCommand : OmiseCmdlet
{
    private const string SecretKeySet = "SecretKey";
    private const string CredentialSet = "Credential";
    public const string EnvironmentVariable = "OMISE_SECRET_KEY";

    [Parameter(Position = 0, ParameterSetName = SecretKeySet)]
    public SecureString? SecretKey { get; set; }

    /// <summary>The password is the secret key; the user name is ignored.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter]
    [ValidatePattern(@"^\d{4}-\d{2}-\d{2}$")]
    [ArgumentCompleter(typeof(Completion.ApiVersionCompleter))]
    public string ApiVersion { get; set; } = OmiseConnection.DefaultApiVersion;

    /// <summary>https, or http to a loopback address (a local emulator).</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri BaseUri { get; set; } = OmiseConnection.DefaultBaseUri;

    /// <summary>How many times a request that failed transiently is tried again (as Invoke-RestMethod's parameter).</summary>
    [Parameter]
    [Alias("MaxRetries")]
    [ValidateRange(0, 20)]
    public int MaximumRetryCount { get; set; } = RetryPolicy.DefaultMaxRetries;

    /// <summary>How long one request may take, in seconds (as Invoke-RestMethod's parameter).</summary>
    [Parameter]
    [Alias("RequestTimeout")]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = (int)OmiseConnection.DefaultRequestTimeout.TotalSeconds;

    /// <summary>How many pages of one listing may be requested at once.</summary>
    [Parameter]
    [ValidateRange(1, OmiseConnection.MaxMaxConcurrency)]
    public int MaxConcurrency { get; set; } = OmiseConnection.DefaultMaxConcurrency;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        Uri baseUri = ValidateBaseUri();
        SecureString secure = ResolveKey();
        var problem = ProtectedSecretKey.Check(secure, out var key);
        if (problem != ProtectedSecretKey.Problem.None)
        {
            ThrowTerminatingError(KeyError(problem));
        }
        if (key!.Mode == OmiseMode.Live && baseUri != OmiseConnection.DefaultBaseUri)
        {
            WriteWarning($"A live secret key is being sent to {baseUri}, which is not Omise's API ({OmiseConnection.DefaultBaseUri}).");
        }

        var connection = new OmiseConnection(key, baseUri, ApiVersion, UserAgent(), DateTime.UtcNow,
            TimeSpan.FromSeconds(TimeoutSec), new RetryPolicy(MaximumRetryCount), MaxConcurrency);
        var client = new OmiseApiClient(connection, this);
        CallApi(() => WaitFor(client.GetAsync("events?limit=1", body => EventReader.ReadPage(body.Json), StopToken)), baseUri, terminating: true);

        RunspaceState.Current.Connection = connection;
        WriteVerbose($"Connected to {baseUri} in {connection.Mode} mode as {connection.KeyHint}, API version {ApiVersion}.");
        if (PassThru)
        {
            WriteObject(connection);
        }
    }

    private Uri ValidateBaseUri()
    {
        Uri uri = BaseUri;
        if (!EndpointUri.IsHttp(uri))
        {
            ThrowTerminatingError(OmiseErrors.Create("InvalidBaseUri", ErrorCategory.InvalidArgument, BaseUri,
                $"-BaseUri '{BaseUri.OriginalString}' is not an absolute http(s) URI such as {OmiseConnection.DefaultBaseUri}."));
        }
        if (EndpointUri.IsInsecure(uri))
        {
            ThrowTerminatingError(OmiseErrors.Create("InsecureBaseUri", ErrorCategory.SecurityError, BaseUri,
                $"-BaseUri '{uri}' uses http: the secret key would cross the network unencrypted. Use https (http is allowed only for loopback addresses)."));
        }
        // A trailing slash makes relative paths append to a base path instead of replacing its last segment.
        return uri.AbsolutePath.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private SecureString ResolveKey()
    {
        if (SecretKey is not null)
        {
            return SecretKey;
        }
        if (Credential is not null)
        {
            return Credential.Password;
        }
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            WriteVerbose($"Using the secret key in ${EnvironmentVariable}.");
            return ProtectedSecretKey.ToSecureString(fromEnvironment!);
        }
        try
        {
            if (Host?.UI is PSHostUserInterface ui)
            {
                ui.Write("Omise secret key (skey_…): ");
                return ui.ReadLineAsSecureString();
            }
        }
        catch (Exception e) when (e is PSInvalidOperationException or HostException or NotImplementedException or PSNotImplementedException)
        {
            // A non-interactive host: say what to do instead of how the host failed.
        }
        ThrowTerminatingError(OmiseErrors.Create("SecretKeyRequired", ErrorCategory.AuthenticationError, null,
            "No secret key was given and this session cannot prompt for one.",
            $"Pass -SecretKey or -Credential, or set ${EnvironmentVariable}."));
        return null!;
    }

    private static ErrorRecord KeyError(ProtectedSecretKey.Problem problem) => problem switch
    {
        ProtectedSecretKey.Problem.PublicKey => OmiseErrors.Create("PublicKeyNotAllowed", ErrorCategory.InvalidArgument, null,
            "That is a public key (pkey_…). The events API needs the account's secret key (skey_…).",
            "Copy the secret key from the Omise dashboard: Settings > Keys."),
        ProtectedSecretKey.Problem.Empty => OmiseErrors.Create("SecretKeyRequired", ErrorCategory.InvalidArgument, null,
            "The secret key is empty.", "Pass the account's secret key (skey_…)."),
        _ => OmiseErrors.Create("InvalidSecretKey", ErrorCategory.InvalidArgument, null,
            "That is not an Omise secret key: secret keys are skey_ or skey_test_ followed by lowercase letters and digits, with no spaces or line breaks.",
            "Copy the secret key again from the Omise dashboard: Settings > Keys."),
    };

    private string UserAgent()
    {
        string module = typeof(Event).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        string powerShell = (SessionState.PSVariable.GetValue("PSVersionTable") as IDictionary)?["PSVersion"]?.ToString() ?? "unknown";
        var os = new StringBuilder();
        foreach (char c in RuntimeInformation.OSDescription)
        {
            os.Append(c is >= ' ' and <= '~' and not '(' and not ')' ? c : ' ');
        }
        return $"OmiseEvents-PowerShell/{module} PowerShell/{powerShell} ({os.ToString().Trim()})";
    }
}
