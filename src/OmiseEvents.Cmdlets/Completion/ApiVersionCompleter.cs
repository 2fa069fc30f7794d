using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace OmiseEvents.Completion;

/// <summary>Completes -ApiVersion with the versions Omise has published, newest first.</summary>
public sealed class ApiVersionCompleter : IArgumentCompleter
{
    internal static readonly string[] Versions = { "2019-05-29", "2017-11-02", "2015-11-17", "2014-07-27" };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Versions.Where(v => v.StartsWith(wordToComplete.Trim('\'', '"'), System.StringComparison.Ordinal))
            .Select(v => new CompletionResult(v, v, CompletionResultType.ParameterValue, "Omise API version " + v));
}
