using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace OmiseEvents.Completion;

/// <summary>
/// Completes -Key with the event keys Omise documents and their families (<c>charge.*</c>,
/// <c>charge.dispute.*</c> …). What was typed may itself hold wildcards: <c>*dispute*</c>.
/// </summary>
public sealed class EventKeyCompleter : IArgumentCompleter
{
    internal static readonly string[] DocumentedKeys =
    {
        "charge.create", "charge.update", "charge.capture", "charge.complete", "charge.reverse", "charge.expire",
        "charge.dispute.create", "charge.dispute.update", "charge.dispute.close",
        "refund.create", "customer.create", "customer.update", "customer.update.card", "customer.destroy", "card.update", "card.destroy",
        "transfer.create", "transfer.update", "transfer.destroy", "transfer.send", "transfer.pay",
        "recipient.create", "recipient.update", "recipient.verify", "recipient.activate", "recipient.deactivate", "recipient.destroy",
        "source.create", "source.update", "source.failed", "source.successful",
        "link.create", "link.payment.create", "link.payment.complete",
        "schedule.create", "schedule.suspend", "schedule.activate", "schedule.expiring", "schedule.expire", "schedule.destroy",
        "schedule.occurrence.scheduled", "schedule.occurrence.successful", "schedule.occurrence.failed",
        "webhooks.deliver", "webhooks.retry",
    };

    /// <summary>Families first (charge.*), then keys, in the order Omise lists them.</summary>
    internal static readonly string[] Candidates = DocumentedKeys
        .SelectMany(k => Enumerable.Range(1, k.Count(c => c == '.')).Select(n => string.Join(".", k.Split('.').Take(n)) + ".*"))
        .Distinct()
        .Concat(DocumentedKeys)
        .ToArray();

    /// <summary>The documented keys nearest to <paramref name="key"/> by edit distance (ignoring case), in the order Omise lists them.</summary>
    internal static IReadOnlyList<string> Nearest(string key)
    {
        var distances = DocumentedKeys.Select(k => (Key: k, Distance: EditDistance(key.ToLowerInvariant(), k))).ToList();
        int nearest = distances.Min(d => d.Distance);
        return distances.Where(d => d.Distance == nearest).Select(d => d.Key).ToList();
    }

    /// <summary>Levenshtein distance: the fewest single-character insertions, deletions and substitutions from a to b.</summary>
    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string typed = wordToComplete.Trim('\'', '"');
        var pattern = WildcardPattern.Get(typed + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        return Candidates.Where(pattern.IsMatch).Select(k =>
            new CompletionResult(k, k, CompletionResultType.ParameterValue, k.EndsWith("*", StringComparison.Ordinal) ? "every " + k + " event" : k));
    }
}
