using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Jarvis.Portal.Tests.Operations;

/// <summary>Gives every request of a test server the remote address <paramref name="address"/> (TestServer sets none).</summary>
public sealed class RemoteAddress(IPAddress address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };

    public static Action<IServiceCollection> Of(string address) =>
        services => services.AddSingleton<IStartupFilter>(new RemoteAddress(IPAddress.Parse(address)));
}
