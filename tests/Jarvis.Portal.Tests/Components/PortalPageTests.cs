using System.Reflection;
using Jarvis.Core.Customers;
using Jarvis.Portal.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Jarvis.Portal.Tests.Components;

/// <summary>A component reaches the database only as a <see cref="PortalPage"/>, whose RunAsync checks the session (API.md section 2).</summary>
public sealed class PortalPageTests
{
    [Fact]
    public void EveryComponentGivenACoreServiceThatQueries_IsAPortalPage()
    {
        var core = typeof(CustomerService).Assembly;
        var injecting = typeof(PortalPage).Assembly.GetTypes()
            .Where(t => typeof(ComponentBase).IsAssignableFrom(t))
            .Where(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Any(p => p.IsDefined(typeof(InjectAttribute)) && p.PropertyType.Assembly == core && Queries(p.PropertyType)))
            .ToList();

        Assert.Contains(injecting, t => t.Name == "CustomerHistoryPanel");
        Assert.All(injecting, t => Assert.True(typeof(PortalPage).IsAssignableFrom(t), $"{t.Name} calls Core but is no PortalPage."));
    }

    private static bool Queries(Type service) => service.GetMethods().Any(m =>
        m.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken)));
}
