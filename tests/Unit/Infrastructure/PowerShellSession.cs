using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using OmiseEmulator;
using Xunit;

namespace OmiseEvents.Tests.Infrastructure;

/// <summary>Everything one script run produced, on every stream.</summary>
public sealed class PsResult
{
    public required IReadOnlyList<PSObject> Output { get; init; }
    public required IReadOnlyList<ErrorRecord> Errors { get; init; }
    public required IReadOnlyList<WarningRecord> Warnings { get; init; }
    public required IReadOnlyList<VerboseRecord> Verbose { get; init; }
    public required IReadOnlyList<DebugRecord> Debug { get; init; }
    public required IReadOnlyList<InformationRecord> Information { get; init; }
    public required IReadOnlyList<ProgressRecord> Progress { get; init; }
    /// <summary>The terminating error, if the script ended with one.</summary>
    public RuntimeException? Terminating { get; init; }

    public IReadOnlyList<T> Objects<T>() => Output.Select(o => o.BaseObject).OfType<T>().ToList();

    public ErrorRecord TerminatingRecord =>
        (Terminating ?? throw new Xunit.Sdk.XunitException("expected a terminating error; streams had errors: " +
            string.Join("; ", Errors.Select(e => e.FullyQualifiedErrorId)))).ErrorRecord;

    public void AssertClean()
    {
        if (Terminating is not null || Errors.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("expected no errors, got: " + string.Join(Environment.NewLine,
                Errors.Select(e => e.ErrorRecordText()).Prepend(Terminating?.ErrorRecord.ErrorRecordText()).Where(t => t is not null)));
        }
    }
}

internal static class ErrorRecordFormatting
{
    public static string ErrorRecordText(this ErrorRecord e) =>
        $"{e.FullyQualifiedErrorId} [{e.CategoryInfo.Category}] {e.ErrorDetails?.Message ?? e.Exception.Message}{Environment.NewLine}{e.Exception}";
}

/// <summary>
/// A runspace of the hosted PowerShell 7.6 engine with the staged module imported by its manifest,
/// so tests exercise the shipped psd1, real parameter binding and real pipelines.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    /// <param name="importModule">False for a bare engine.</param>
    /// <param name="host">A host of the test's own, such as a <see cref="RecordingHost"/> to see what Out-Default draws.</param>
    public PowerShellSession(bool importModule = true, System.Management.Automation.Host.PSHost? host = null)
    {
        Runspace = host is null
            ? RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2())
            : RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        Runspace.Open();
        if (importModule)
        {
            Run("Import-Module $args[0] -ErrorAction Stop -PassThru", ModulePaths.Manifest).AssertClean();
        }
    }

    public Runspace Runspace { get; }

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text)
        {
            secure.AppendChar(c);
        }
        return secure;
    }

    /// <summary>Runs a script; <paramref name="args"/> become $args.</summary>
    public PsResult Run(string script, params object?[] args) => Run(script, new Dictionary<string, object?>(), args);

    /// <summary>
    /// A cmdlet's terminating error ends only its statement: inside a script it lands in the error
    /// stream and the script goes on. What makes it terminating is that try/catch catches it, so
    /// each script runs inside one, and what the catch received is <see cref="PsResult.Terminating"/>.
    /// </summary>
    public PsResult Run(string script, IDictionary<string, object?> variables, params object?[] args)
    {
        const string caught = "__omiseTestTerminating";
        Runspace.SessionStateProxy.SetVariable(caught, null);
        using var ps = CreatePowerShell($"try {{ & {{\n{script}\n}} @args }} catch {{ $global:{caught} = $_ }}", variables, args);
        var result = Invoke(ps);
        if (Runspace.SessionStateProxy.GetVariable(caught) is ErrorRecord record)
        {
            return Collect(ps, result.Output, new RuntimeException(record.Exception.Message, record.Exception, record));
        }
        return result;
    }

    public PowerShell CreatePowerShell(string script, IDictionary<string, object?> variables, params object?[] args)
    {
        foreach (var (name, value) in variables)
        {
            Runspace.SessionStateProxy.SetVariable(name, value);
        }
        var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript(script);
        foreach (var arg in args)
        {
            ps.AddArgument(arg);
        }
        return ps;
    }

    public static PsResult Invoke(PowerShell ps)
    {
        var output = new PSDataCollection<PSObject>();
        RuntimeException? terminating = null;
        try
        {
            ps.Invoke(null, output);
        }
        catch (RuntimeException e)
        {
            terminating = e;
        }
        return Collect(ps, output, terminating);
    }

    public static PsResult Collect(PowerShell ps, IEnumerable<PSObject> output, RuntimeException? terminating) => new()
    {
        Output = output.ToList(),
        Errors = ps.Streams.Error.ToList(),
        Warnings = ps.Streams.Warning.ToList(),
        Verbose = ps.Streams.Verbose.ToList(),
        Debug = ps.Streams.Debug.ToList(),
        Information = ps.Streams.Information.ToList(),
        Progress = ps.Streams.Progress.ToList(),
        Terminating = terminating,
    };

    /// <summary>Connect-Omise to the emulator with its test key, the way a user would.</summary>
    public PsResult Connect(OmiseEmulatorServer server, string? key = null, string extra = "")
    {
        var result = Run($"Connect-Omise -SecretKey $args[0] -BaseUri $args[1] {extra}", Secure(key ?? server.TestKey), server.BaseUri);
        return result;
    }

    /// <summary>Connect-Omise -PassThru to the emulator as a user would (with <paramref name="parameters"/>), for tests that adjust the connection.</summary>
    public OmiseConnection ConnectPassThru(OmiseEmulatorServer server, string parameters = "")
    {
        var result = Connect(server, extra: "-PassThru " + parameters);
        result.AssertClean();
        return (OmiseConnection)result.Output.Single().BaseObject;
    }

    public void Dispose() => Runspace.Dispose();
}
