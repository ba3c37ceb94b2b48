using Jarvis.Core.Data;

namespace Jarvis.Core.Customers;

/// <summary>
/// The customer SQL of one database's dialect, each statement built once per shape: registered once (a singleton) and
/// shared by every <see cref="CustomerService"/>.
/// </summary>
public sealed class CustomerStatements(JarvisDatabase database)
{
    internal CustomerSql Sql { get; } = new(database.Dialect);

    internal CustomerLifecycleSql Lifecycle { get; } = new(database.Dialect);
}
