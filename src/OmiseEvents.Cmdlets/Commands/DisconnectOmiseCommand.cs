using System.Management.Automation;
using OmiseEvents.Session;

namespace OmiseEvents.Commands;

/// <summary>Forgets this session's connection. Connections held in variables keep working with -Connection.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Omise")]
[OutputType(typeof(void))]
public sealed class DisconnectOmiseCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        var state = RunspaceState.Current;
        if (state.Connection is { } connection)
        {
            WriteVerbose($"Disconnected from {connection.BaseUri} ({connection.KeyHint}).");
        }
        state.Connection = null;
    }
}
