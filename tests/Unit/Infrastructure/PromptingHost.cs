using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace OmiseEvents.Tests.Infrastructure;

/// <summary>An interactive host in miniature: it answers a secure prompt with a given key and records what was shown.</summary>
public sealed class PromptingHost : PSHost
{
    private readonly Guid _id = Guid.NewGuid();
    private readonly PromptingUI _ui;

    public PromptingHost(string answer) => _ui = new PromptingUI(answer);

    public IReadOnlyList<string> Shown => _ui.Shown;
    public int SecurePrompts => _ui.SecurePrompts;

    public override string Name => "OmiseEvents.Tests";
    public override Version Version => new(1, 0);
    public override Guid InstanceId => _id;
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override void SetShouldExit(int exitCode) { }
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }

    private sealed class PromptingUI : PSHostUserInterface
    {
        private readonly string _answer;
        private readonly List<string> _shown = new();

        public PromptingUI(string answer) => _answer = answer;

        public IReadOnlyList<string> Shown => _shown;
        public int SecurePrompts { get; private set; }
        public override PSHostRawUserInterface? RawUI => null;

        public override SecureString ReadLineAsSecureString()
        {
            SecurePrompts++;
            return PowerShellSession.Secure(_answer);
        }

        public override string ReadLine() => throw new NotSupportedException();
        public override void Write(string value) => _shown.Add(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => _shown.Add(value);
        public override void WriteLine(string value) => _shown.Add(value);
        public override void WriteErrorLine(string value) => _shown.Add(value);
        public override void WriteDebugLine(string message) => _shown.Add(message);
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) => _shown.Add(message);
        public override void WriteWarningLine(string message) => _shown.Add(message);
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw new NotSupportedException();
    }
}
