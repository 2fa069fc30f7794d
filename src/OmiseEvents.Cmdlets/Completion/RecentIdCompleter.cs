using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using OmiseEvents.Session;

namespace OmiseEvents.Completion;

/// <summary>
/// Completes ids this runspace has seen in the module's output, most recent first: the base of
/// <see cref="EventIdCompleter"/> and <see cref="ChargeIdCompleter"/>.
/// </summary>
public abstract class RecentIdCompleter : IArgumentCompleter
{
    private protected abstract RecentIdSet Ids(RunspaceState state);

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
