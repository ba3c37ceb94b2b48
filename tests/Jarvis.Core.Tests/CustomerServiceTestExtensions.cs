using Jarvis.Core.Customers;

namespace Jarvis.Core.Tests;

/// <summary>The update as the rules tests make it: through the API channel, without a version to check.</summary>
internal static class CustomerServiceTestExtensions
{
    public static Task<UpdateResult> UpdateAsync(this CustomerService service, long id, CustomerChange change) =>
        service.UpdateAsync(id, change, ChangeChannel.Api);
}
