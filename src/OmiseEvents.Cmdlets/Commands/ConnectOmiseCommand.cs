using System;
using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Net;
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

    /// <summary>
    /// A proxy every request goes through, loopback addresses included (as Invoke-RestMethod's parameter).
    /// Without it, the process's default proxy is used: HTTPS_PROXY, HTTP_PROXY and NO_PROXY, or on
    /// Windows when they are not set, the system proxy (Windows PowerShell 5.1: the system proxy only).
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Proxy { get; set; }

    /// <summary>The user name and password -Proxy asks for (as Invoke-RestMethod's parameter).</summary>
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Answer -Proxy with the credentials of the account PowerShell runs as (Windows authentication).</summary>
    [Parameter]
    public SwitchParameter ProxyUseDefaultCredentials { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        Uri baseUri = ValidateBaseUri();
        var (proxy, http) = CreateProxyClient();
        OmiseConnection connection;
        try
        {
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

            connection = new OmiseConnection(key, baseUri, ApiVersion, UserAgent(), DateTime.UtcNow,
                TimeSpan.FromSeconds(TimeoutSec), new RetryPolicy(MaximumRetryCount), MaxConcurrency, proxy: proxy, http: http);
            Check(connection);
        }
        catch
        {
            // A connection that never came to be takes its proxy's client with it.
            http?.Dispose();
            throw;
        }

        RunspaceState.Current.Connection = connection;
        WriteVerbose($"Connected to {baseUri}{(proxy is null ? "" : " through " + proxy)} in {connection.Mode} mode as {connection.KeyHint}, API version {ApiVersion}.");
        if (PassThru)
        {
            WriteObject(connection);
        }
    }

    /// <summary>One cheap request. What no retry can cure at connect time ends it at once, with the setting that is likely wrong.</summary>
    private void Check(OmiseConnection connection)
    {
        var client = new OmiseApiClient(connection.WithRetry(connection.Retry.WhenConnecting()), this);
        CallApi(() => WaitFor(client.GetAsync("events?limit=1", body => EventReader.ReadPage(body.Json), StopToken)),
            connection.BaseUri, terminating: true,
            toRecord: e => OmiseErrors.FromConnectFailure(e, connection.BaseUri, connection.Proxy is not null));
    }

    /// <summary>
    /// -Proxy's address, shown without any user name or password, and a client of its own; or nulls for
    /// the process's default proxy. A user name and password in the address serve when -ProxyCredential is not given.
    /// </summary>
    private (Uri? Address, System.Net.Http.HttpClient? Http) CreateProxyClient()
    {
        if (Proxy is null)
        {
            if (ProxyCredential is not null || ProxyUseDefaultCredentials)
            {
                ThrowTerminatingError(OmiseErrors.IncompatibleParametersError(
                    "-ProxyCredential and -ProxyUseDefaultCredentials are for -Proxy: add -Proxy, or leave them out to use the process's default proxy."));
            }
            return (null, null);
        }
        if (ProxyCredential is not null && ProxyUseDefaultCredentials)
        {
            ThrowTerminatingError(OmiseErrors.IncompatibleParametersError("-ProxyCredential and -ProxyUseDefaultCredentials cannot be used together: give one."));
        }
        if (!Proxy.IsAbsoluteUri || Proxy.Host.Length == 0)
        {
            ThrowTerminatingError(OmiseErrors.Create(OmiseErrors.InvalidProxyUri, ErrorCategory.InvalidArgument, null,
                "-Proxy is not an absolute URI such as http://proxy.example.com:8080."));
        }
        var address = new UriBuilder(Proxy) { UserName = "", Password = "" }.Uri;
        var proxy = new WebProxy(address)
        {
            // Loopback targets go through it too (Invoke-RestMethod's proxy skips them). .NET Framework's
            // WebProxy skips them whatever this says, so on Windows PowerShell 5.1 they go direct.
            BypassProxyOnLocal = false,
            UseDefaultCredentials = ProxyUseDefaultCredentials,
        };
        if (ProxyCredential is not null)
        {
            proxy.Credentials = ProxyCredential.GetNetworkCredential();
        }
        else if (Proxy.UserInfo.Length > 0)
        {
            string[] parts = Proxy.UserInfo.Split(new[] { ':' }, 2);
            proxy.Credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        }
        return (address, OmiseApiClient.CreateClient(proxy));
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
            WriteVerbose($"Using the secret key in $env:{EnvironmentVariable}.");
            return ProtectedSecretKey.ToSecureString(fromEnvironment!);
        }
        try
        {
            // The host writes the prompt and reads the answer in one call, so a host that cannot
            // read (pwsh -NonInteractive) refuses before writing a prompt no one will answer.
            var field = new FieldDescription("Omise secret key (skey_…)");
            field.SetParameterType(typeof(SecureString));
            if (Host?.UI is PSHostUserInterface ui
                && ui.Prompt(string.Empty, string.Empty, new System.Collections.ObjectModel.Collection<FieldDescription> { field })?.Values is { } answers)
            {
                foreach (var answer in answers)
                {
                    if (answer?.BaseObject is SecureString key)
                    {
                        return key;
                    }
                }
            }
        }
        catch (Exception e) when (e is PSInvalidOperationException or HostException or NotImplementedException or PSNotImplementedException)
        {
            // A non-interactive host: say what to do instead of how the host failed.
        }
        ThrowTerminatingError(OmiseErrors.Create("SecretKeyRequired", ErrorCategory.AuthenticationError, null,
            "No secret key was given and this session cannot prompt for one.",
            $"Pass -SecretKey or -Credential, or set $env:{EnvironmentVariable}."));
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
