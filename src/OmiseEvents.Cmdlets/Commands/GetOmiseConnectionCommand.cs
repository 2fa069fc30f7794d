using System.Management.Automation;
using OmiseEvents.Session;

namespace OmiseEvents.Commands;

/// <summary>The session's current connection, or nothing when not connected (as Get-MgContext does).</summary>
[Cmdlet(VerbsCommon.Get, "OmiseConnection")]
[OutputType(typeof(OmiseConnection))]
public sealed class GetOmiseConnectionCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        if (RunspaceState.Current.Connection is { } connection)
        {
            WriteObject(connection);
        }
    }
}
