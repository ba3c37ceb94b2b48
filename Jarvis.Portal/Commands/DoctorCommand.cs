using Jarvis.Core.Data;
using Jarvis.Core.Security;
using Microsoft.Extensions.Options;

namespace Jarvis.Portal.Commands;

/// <summary>
/// <c>doctor</c>: the site check of docs/ORACLE.md, run once against a site's database. It changes nothing: it prints
/// the security group lists in force, each check of <see cref="SiteCheck"/> as PASS or FAIL and, on Oracle, the search's plans. Exit 0 when every check
/// passed, 1 when one failed.
/// </summary>
public static class DoctorCommand
{
    public const string UsageText = "usage: doctor";

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, CommandConsole console)
    {
        if (args.Length > 0)
        {
            console.Error.WriteLine(UsageText);
            return PortalCommands.Usage;
        }

        var database = services.GetRequiredService<JarvisDatabase>();
        console.Out.WriteLine($"Jarvis site check: {database.Provider}, command timeout {database.CommandTimeout} s, limits counted in {database.LengthSemantics} semantics");
        foreach (var (setting, groups) in services.GetRequiredService<IOptions<SecurityOptions>>().Value.GroupLists())
        {
            console.Out.WriteLine($"{setting}: {string.Join(", ", groups)}");
        }

        var report = await services.GetRequiredService<SiteCheck>().RunAsync();
        foreach (var check in report.Checks)
        {
            console.Out.WriteLine($"{(check.Passed ? "PASS" : "FAIL")}  {check.Check}: {check.Detail}");
        }

        foreach (var plan in report.Plans)
        {
            console.Out.WriteLine();
            console.Out.WriteLine($"EXPLAIN PLAN: {plan.Title}");
            foreach (var line in plan.Lines)
            {
                console.Out.WriteLine(line);
            }
        }

        foreach (var warning in new[] { AllowedHostsWarning(services), CustomerIdSequenceWarning(services) }.OfType<string>())
        {
            console.Out.WriteLine();
            console.Out.WriteLine(warning);
        }

        var failed = report.Checks.Count(c => !c.Passed);
        console.Out.WriteLine(failed == 0
            ? $"All {report.Checks.Count} checks passed."
            : $"{failed} of {report.Checks.Count} checks failed.");
        return failed == 0 ? PortalCommands.Done : PortalCommands.Refused;
    }

    /// <summary>A warning, not a failed check: on Oracle without the sequence for new customer ids, every create is refused.</summary>
    public static string? CustomerIdSequenceWarning(IServiceProvider services) =>
        services.GetRequiredService<JarvisDatabase>().NextCustomerId is null
            ? $"WARN  {JarvisDatabase.CustomerIdSequenceSetting} is not set: creating customers (POST /api/customer) is refused " +
              "until it names the sequence for new customer ids (docs/ORACLE.md)."
            : null;

    /// <summary>
    /// A warning, not a failed check: outside Development, <c>AllowedHosts</c> <c>*</c> lets any Host header through, and
    /// the cross-site login rule compares Origin with that Host.
    /// </summary>
    public static string? AllowedHostsWarning(IServiceProvider services)
    {
        var hosts = services.GetRequiredService<IConfiguration>()["AllowedHosts"];
        return services.GetRequiredService<IHostEnvironment>().IsDevelopment()
               || (hosts ?? "*").Split(';', StringSplitOptions.TrimEntries).All(host => host is not ("*" or ""))
            ? null
            : "WARN  AllowedHosts is \"*\": any Host header is answered, and a login's Origin is compared with it. " +
              "Name the portal's host names (AllowedHosts=jarvis.example.com;localhost).";
    }
}
