using System.Data.Common;

namespace Jarvis.Core.Data;

/// <summary>
/// Resolves Oracle's ADO.NET driver by its invariant name. The package is only referenced when building with
/// <c>-p:JarvisOracle=true</c>; without it, choosing Oracle fails here, every time, with <see cref="MissingDriverMessage"/>.
/// </summary>
public static class OracleDriver
{
    public const string MissingDriverMessage =
        "Jarvis:Database:Provider is Oracle, but the Oracle driver (Oracle.ManagedDataAccess.Core) is not in this build. " +
        "Build and run with it: dotnet run --project Jarvis.Portal -p:JarvisOracle=true (see docs/ORACLE.md).";

    private const string FactoryType = "Oracle.ManagedDataAccess.Client.OracleClientFactory, Oracle.ManagedDataAccess";

    public static DbProviderFactory GetFactory()
    {
        if (DbProviderFactories.TryGetFactory(OracleDialect.ProviderInvariantName, out var factory))
        {
            return factory;
        }

        // Register only a type that loads: a registration by name that fails to load would make every later call
        // throw ArgumentException without this message.
        Type? type;
        try
        {
            type = Type.GetType(FactoryType, throwOnError: false);
        }
        catch (Exception e) when (e is System.IO.FileLoadException or BadImageFormatException or TypeLoadException)
        {
            throw new InvalidOperationException(MissingDriverMessage, e);
        }

        if (type is null)
        {
            throw new InvalidOperationException(MissingDriverMessage);
        }

        DbProviderFactories.RegisterFactory(OracleDialect.ProviderInvariantName, type);
        return DbProviderFactories.GetFactory(OracleDialect.ProviderInvariantName);
    }
}
