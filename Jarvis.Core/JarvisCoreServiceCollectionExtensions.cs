using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Jarvis.Core.Diagnostics;
using Jarvis.Core.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Jarvis.Core;

public static class JarvisCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers Core: database, access policy, sessions, users and the customer service. The host registers an
    /// <see cref="ICurrentUser"/> adapter (scoped) for its kind of caller.
    /// </summary>
    public static IServiceCollection AddJarvisCore(
        this IServiceCollection services, IConfiguration configuration, Action<DatabaseOptions>? configureDatabase = null)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .Configure(o =>
            {
                if (configuration.GetConnectionString("Jarvis") is { Length: > 0 } connectionString)
                {
                    o.ConnectionString = connectionString;
                }
            });
        if (configureDatabase is not null)
        {
            services.PostConfigure(configureDatabase);
        }

        // DatabaseOptions are checked where they are read: JarvisDatabase's constructor, which the schema initializer
        // runs before the host starts (and every command before it runs).
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.SectionName))
            .PostConfigure(o => o.ApplyDefaults())
            .Validate(o => o.SessionIdleTimeout > TimeSpan.Zero, "Jarvis:Security:SessionIdleTimeout must be longer than zero.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<JarvisDatabase>();
        services.AddSingleton<SchemaInitializer>();
        services.AddSingleton<SearchIndexUpkeep>();
        services.AddSingleton<SiteCheck>();
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<SessionStore>();
        services.AddOptions<LoginThrottleOptions>().Bind(configuration.GetSection(LoginThrottleOptions.SectionName))
            .Validate(o => o.PairFailureLimit > 0 && o.AddressFailureLimit > 0,
                "Jarvis:LoginThrottle:PairFailureLimit and AddressFailureLimit must be at least 1.")
            .Validate(o => o.PairWindow > TimeSpan.Zero && o.AddressWindow > TimeSpan.Zero && o.LockDuration > TimeSpan.Zero,
                "Jarvis:LoginThrottle:PairWindow, AddressWindow and LockDuration must be longer than zero.")
            .ValidateOnStart();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<ApiTokenStore>();
        services.AddScoped<OwnApiTokens>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<DataProtectionKeyStore>();
        services.AddSingleton<DatabaseProbe>();
        services.AddSingleton<DatabaseBackup>();
        services.AddMetrics();
        services.AddSingleton<JarvisTelemetry>();
        services.AddSingleton<CustomerStatements>();
        services.AddSingleton<SearchPlanner>();
        services.AddScoped<CustomerService>();
        services.AddOptions<CustomerChangeFeedOptions>().Bind(configuration.GetSection(CustomerChangeFeedOptions.SectionName))
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.MaxRetryInterval >= o.PollInterval,
                "Jarvis:LiveChanges:PollInterval must be longer than zero and MaxRetryInterval at least as long.")
            .ValidateOnStart();
        services.AddSingleton<CustomerChangeFeed>();
        services.AddSingleton<CustomerChangeReader>();
        return services;
    }
}
