using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using OmiseEvents.Session;

namespace OmiseEvents.Completion;

/// <summary>Completes ids this runspace has seen in the module's output, most recent first.</summary>
public abstract class RecentIdCompleter : IArgumentCompleter
{
    private protected abstract RecentSet Ids(RunspaceState state);

    private protected abstract string Kind { get; }

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string typed = wordToComplete.Trim('\'', '"');
        return Ids(RunspaceState.Current).MostRecentFirst()
            .Where(id => id.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(id => new CompletionResult(id, id, CompletionResultType.ParameterValue, $"{Kind} seen in this session"));
    }
}

public sealed class EventIdCompleter : RecentIdCompleter
{
    private protected override RecentSet Ids(RunspaceState state) => state.EventIds;

    private protected override string Kind => "Event";
}

public sealed class ChargeIdCompleter : RecentIdCompleter
{
    private protected override RecentSet Ids(RunspaceState state) => state.ChargeIds;

    private protected override string Kind => "Charge";
}
