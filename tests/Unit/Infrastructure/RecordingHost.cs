using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace OmiseEvents.Tests.Infrastructure;

/// <summary>
/// An interactive host in miniature: a console of a given width that records what was shown, as
/// Out-Default draws it, and answers a secure prompt with a given key. Not interactive, it refuses
/// to read or prompt, as pwsh -NonInteractive does.
/// </summary>
public sealed class RecordingHost : PSHost
{
    private readonly Guid _id = Guid.NewGuid();
    private readonly RecordingUI _ui;

    public RecordingHost(string secureAnswer = "", int width = 120, bool interactive = true) => _ui = new RecordingUI(secureAnswer, width, interactive);

    /// <summary>Each Write and WriteLine call, as it came.</summary>
    public IReadOnlyList<string> Shown => _ui.Shown;

    /// <summary>What the console shows, as lines.</summary>
    public IReadOnlyList<string> Screen => _ui.Screen.ToString().Split('\n');

    public int SecurePrompts => _ui.SecurePrompts;

    /// <summary>
    /// What a user connected to <paramref name="server"/> sees in a console 120 columns wide when
    /// <paramref name="script"/> leaves its output to Out-Default: the lines, without trailing blanks.
    /// </summary>
    public static List<string> Draw(OmiseEmulator.OmiseEmulatorServer server, string script, params object?[] args)
    {
        var host = new RecordingHost(width: 120);
        using var ps = new PowerShellSession(host: host);
        ps.Connect(server).AssertClean();
        ps.Run(script + " | Out-Default", args).AssertClean();
        return host.Screen.Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
    }

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

    private sealed class RecordingUI : PSHostUserInterface
    {
        private readonly string _answer;
        private readonly bool _interactive;
        private readonly List<string> _shown = new();

        public RecordingUI(string answer, int width, bool interactive)
        {
            _answer = answer;
            _interactive = interactive;
            RawUI = new FixedRawUI(width);
        }

        public IReadOnlyList<string> Shown => _shown;
        public StringBuilder Screen { get; } = new();
        public int SecurePrompts { get; private set; }
        public override PSHostRawUserInterface RawUI { get; }

        public override SecureString ReadLineAsSecureString()
        {
            RefuseUnlessInteractive();
            SecurePrompts++;
            return PowerShellSession.Secure(_answer);
        }

        /// <summary>Like every host, it leaves out the formatter's colour codes when it has no terminal to colour.</summary>
        private void Show(string value, bool line)
        {
            value = GetOutputString(value, SupportsVirtualTerminal);
            _shown.Add(value);
            Screen.Append(value);
            if (line)
            {
                Screen.Append('\n');
            }
        }

        public override string ReadLine() => throw new NotSupportedException();
        public override void Write(string value) => Show(value, line: false);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Show(value, line: false);
        public override void WriteLine(string value) => Show(value, line: true);
        public override void WriteErrorLine(string value) => Show(value, line: true);
        public override void WriteDebugLine(string message) => Show(message, line: true);
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) => Show(message, line: true);
        public override void WriteWarningLine(string message) => Show(message, line: true);
        /// <summary>As the console host does: refuses when not interactive, else shows each field's label and reads it (secure fields only here).</summary>
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
        {
            RefuseUnlessInteractive();
            var answers = new Dictionary<string, PSObject>();
            foreach (var field in descriptions)
            {
                if (field.ParameterTypeFullName != typeof(SecureString).FullName)
                {
                    throw new NotSupportedException();
                }
                Write((string.IsNullOrEmpty(field.Label) ? field.Name : field.Label) + ": ");
                answers[field.Name] = new PSObject(ReadLineAsSecureString());
            }
            return answers;
        }

        /// <summary>pwsh -NonInteractive's answer to a read or a prompt.</summary>
        private void RefuseUnlessInteractive()
        {
            if (!_interactive)
            {
                throw new PSInvalidOperationException("PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.");
            }
        }
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw new NotSupportedException();
    }

    /// <summary>A console window of a fixed width: all the formatter asks of it.</summary>
    private sealed class FixedRawUI : PSHostRawUserInterface
    {
        public FixedRawUI(int width) => BufferSize = WindowSize = MaxWindowSize = MaxPhysicalWindowSize = new Size(width, 50);

        public override Size BufferSize { get; set; }
        public override Size WindowSize { get; set; }
        public override Size MaxWindowSize { get; }
        public override Size MaxPhysicalWindowSize { get; }
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override Coordinates CursorPosition { get; set; }
        public override Coordinates WindowPosition { get; set; }
        public override int CursorSize { get; set; }
        public override bool KeyAvailable => false;
        public override string WindowTitle { get; set; } = "";
        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotSupportedException();
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();
    }
}
