using System.Management.Automation;
using OmiseEvents.Errors;
using OmiseEvents.Http;
using OmiseEvents.Session;

namespace OmiseEvents.Commands;

/// <summary>A cmdlet that calls the API: it uses -Connection, or the session's connection from Connect-Omise.</summary>
public abstract class OmiseApiCmdlet : OmiseCmdlet
{
    /// <summary>A connection other than the session's current one (from Connect-Omise -PassThru).</summary>
    [Parameter]
    [ValidateNotNull]
    public OmiseConnection? Connection { get; set; }

    private protected OmiseApiClient Client { get; private set; } = null!;

    private protected OmiseConnection ResolvedConnection { get; private set; } = null!;

    /// <summary>
    /// Resolves the connection up front, so "not connected" is reported once, before any input
    /// is read, rather than once per piped id.
    /// </summary>
    protected override void BeginProcessing()
    {
        var connection = Connection ?? RunspaceState.Current.Connection;
        if (connection is null)
        {
            ThrowTerminatingError(OmiseErrors.NotConnectedError());
        }
        ResolvedConnection = connection!;
        Client = new OmiseApiClient(connection!, this);
    }
}
